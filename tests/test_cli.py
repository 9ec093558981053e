"""The ``diptych`` command line: clear errors, exit codes, and nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.rendering import is_render
from generator.spec import bundled_spec

BAD_SPEC = """\
project_name: Broken
entities:
  book:
    fields:
      price: {type: decimal, max_digits: 2, decimal_places: 5}
"""


@pytest.fixture
def bad_spec(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yml"
    path.write_text(BAD_SPEC)
    return path


@pytest.mark.parametrize("command", [[], ["check"], ["render"]], ids=["main", "check", "render"])
def test_every_command_has_help(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_check_summarises_a_valid_spec(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", str(bundled_spec("bookshelf"))])
    assert result.exit_code == 0, result.output
    assert "Bookshelf (package bookshelf): 3 entities" in result.output
    assert "/api/books/" in result.output
    assert "translator" in result.output and "translator_books" in result.output


def test_check_lists_every_problem_with_its_place_and_exits_2(
    runner: CliRunner, bad_spec: Path
) -> None:
    result = runner.invoke(main, ["check", str(bad_spec)])
    assert result.exit_code == 2
    assert "entities.book" in result.output
    assert "entities.book.fields.price.decimal_places" in result.output
    assert "Traceback" not in result.output


def test_yaml_syntax_error_names_the_line(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "broken.yml"
    path.write_text("project_name: X\nentities:\n  Book: {fields: [\n")
    result = runner.invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    assert "line" in result.output


def test_render_with_a_bad_spec_writes_nothing(
    runner: CliRunner, bad_spec: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(main, ["render", str(bad_spec), "-o", str(out)])
    assert result.exit_code == 2
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [bad_spec]


@pytest.mark.slow
def test_render_writes_both_apps_and_refuses_to_overwrite(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    spec = str(bundled_spec("todo"))
    first = runner.invoke(main, ["render", spec, "-o", str(out)])
    assert first.exit_code == 0, first.output
    assert (out / "django_app" / "manage.py").is_file()
    assert (out / "flask_app" / "todo" / "__init__.py").is_file()
    assert "Rendered by diptych" in (out / ".diptych-render").read_text()

    marker = out / "django_app" / "README.md"
    marker.write_text("edited by hand")
    again = runner.invoke(main, ["render", spec, "-o", str(out)])
    assert again.exit_code == 2
    assert "--force" in again.output
    assert marker.read_text() == "edited by hand"

    forced = runner.invoke(main, ["render", spec, "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert marker.read_text() != "edited by hand"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out"]


@pytest.mark.slow
def test_render_one_framework(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        main, ["render", str(bundled_spec("todo")), "-o", str(out), "--framework", "flask"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in out.iterdir() if path.is_dir()) == ["flask_app"]


def test_render_into_an_empty_directory_is_allowed(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    spec = tmp_path / "spec.yml"
    spec.write_text(yaml.safe_dump({"project_name": "X", "entities": {}}))
    result = runner.invoke(main, ["render", str(spec), "-o", str(out)])
    assert result.exit_code == 2, "an empty entities mapping is a spec error"
    assert out.is_dir() and not any(out.iterdir())


def test_force_refuses_a_folder_that_holds_no_render(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "notes"
    out.mkdir()
    (out / "django_app").mkdir()
    unrelated = out / "todo.txt"
    unrelated.write_text("buy milk")
    result = runner.invoke(main, ["render", str(bundled_spec("todo")), "-o", str(out), "--force"])
    assert result.exit_code == 2
    assert "not an earlier diptych render" in result.output
    assert unrelated.read_text() == "buy milk"
    assert sorted(path.name for path in out.iterdir()) == ["django_app", "todo.txt"]


def test_force_replaces_a_render_older_than_the_marker(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "flask_app").mkdir(parents=True)
    (out / "flask_app" / ".copier-answers.yml").write_text("framework: flask\n")
    (out / "comparison.html").write_text("<html></html>")
    assert is_render(out)
    (out / "mine.txt").write_text("not diptych's")
    assert not is_render(out)
