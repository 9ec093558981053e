"""examples/ is exactly what ``diptych examples`` writes today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.examples import EXAMPLES
from generator.examples import examples_command
from generator.examples import write_example

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES_DIR = ROOT / "examples"
MACHINE_KEYS = re.compile(r"^(_src_path|_commit):.*$", re.MULTILINE)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative path; machine-specific answer lines normalised."""
    files = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        content = path.read_bytes()
        if path.name == ".copier-answers.yml":
            content = MACHINE_KEYS.sub(r"\1: <normalised>", content.decode()).encode()
        files[path.relative_to(root).as_posix()] = content
    return files


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All examples written fresh into a temporary folder."""
    dest = tmp_path_factory.mktemp("examples")
    for name in EXAMPLES:
        write_example(name, dest)
    return dest


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_matches_a_fresh_render(fresh: Path, name: str) -> None:
    committed, new = snapshot(EXAMPLES_DIR / name), snapshot(fresh / name)
    assert sorted(committed) == sorted(new), "file trees differ; run `diptych examples`"
    changed = [path for path in new if committed[path] != new[path]]
    assert not changed, f"contents differ; run `diptych examples`: {changed[:10]}"


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_holds_spec_apps_and_comparison(fresh: Path, name: str) -> None:
    example = fresh / name
    for part in ("spec.yml", "django_app", "flask_app", "comparison.html", "COMPARISON.md"):
        assert (example / part).exists(), part
    assert (example / "spec.yml").read_bytes() == (
        ROOT / "generator" / "specs" / f"{name}.yml"
    ).read_bytes()


def test_only_the_two_machine_keys_are_normalised(tmp_path: Path) -> None:
    answers = tmp_path / ".copier-answers.yml"
    answers.write_text("_commit: abc\n_src_path: /x\nproject_name: Todo\n")
    assert snapshot(tmp_path) == {
        ".copier-answers.yml": b"_commit: <normalised>\n_src_path: <normalised>\n"
        b"project_name: Todo\n"
    }


def test_examples_command_replaces_an_old_example(tmp_path: Path, runner) -> None:
    stale = tmp_path / "todo" / "stale.txt"
    stale.parent.mkdir()
    stale.write_text("from an older run")
    result = runner.invoke(examples_command, ["--dest", str(tmp_path), "--only", "todo"])
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert (tmp_path / "todo" / "comparison.html").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["todo"], "no staging folders are left"


def test_readme_says_what_to_read_first() -> None:
    readme = (EXAMPLES_DIR / "README.md").read_text()
    for name in EXAMPLES:
        assert f"{name}/" in readme
    assert "comparison.html" in readme
