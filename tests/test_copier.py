"""The repository is a copier template: copy starts a project, update keeps it current."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.rendering import TEMPLATE_ROOT
from generator.rendering import render_app
from generator.rendering import render_apps
from generator.spec import bundled_spec
from generator.spec import load_raw_spec

pytestmark = pytest.mark.slow

GIT_ENV = {
    "GIT_AUTHOR_NAME": "diptych tests",
    "GIT_AUTHOR_EMAIL": "tests@example.com",
    "GIT_COMMITTER_NAME": "diptych tests",
    "GIT_COMMITTER_EMAIL": "tests@example.com",
}
MACHINE_KEYS = ("_src_path", "_commit")


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    result = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


def copier(*args: str, cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, **GIT_ENV}
    result = subprocess.run(
        [sys.executable, "-m", "copier", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    if check and result.returncode != 0:
        pytest.fail(f"copier {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def tree(root: Path) -> dict[str, str]:
    """Every file below ``root`` by relative path, with machine-specific answers removed."""
    files = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and ".git" not in path.relative_to(root).parts:
            text = path.read_bytes().decode("utf-8", errors="backslashreplace")
            if path.name == ".copier-answers.yml":
                text = "".join(
                    line
                    for line in text.splitlines(keepends=True)
                    if not line.startswith(MACHINE_KEYS)
                )
            files[str(path.relative_to(root))] = text
    return files


@pytest.fixture
def template_repo(tmp_path: Path) -> Path:
    """A throwaway git copy of this repository's template files, tagged v1."""
    repo = tmp_path / "template"
    listed = git(TEMPLATE_ROOT, "ls-files", "--cached", "--others", "--exclude-standard")
    for name in listed.splitlines():
        source = TEMPLATE_ROOT / name
        if source.is_file() and not name.startswith(("examples/", "tests/")):
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "v1")
    git(repo, "tag", "v1")
    return repo


def commit_project(project: Path, message: str) -> None:
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message)


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_copier_copy_gives_the_same_files_as_diptych_render(
    template_repo: Path, tmp_path: Path, framework: str
) -> None:
    spec = bundled_spec("blog")
    copied = tmp_path / "copied"
    copier(
        "copy",
        "--trust",
        "--defaults",
        "--data",
        f"framework={framework}",
        "--data-file",
        str(spec),
        str(template_repo),
        str(copied),
    )
    rendered = tmp_path / "rendered"
    render_app(load_raw_spec(spec), rendered, framework=framework)
    assert tree(copied) == tree(rendered)


def test_answers_keep_the_spec_as_given_in_its_order(template_repo: Path, tmp_path: Path) -> None:
    spec = bundled_spec("blog")
    project = tmp_path / "project"
    copier(
        "copy",
        "--trust",
        "--defaults",
        "--data",
        "framework=django",
        "--data-file",
        str(spec),
        str(template_repo),
        str(project),
    )
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    given = yaml.safe_load(spec.read_text())
    assert answers["entities"] == given["entities"]
    assert list(answers["entities"]) == list(given["entities"])
    assert list(answers["entities"]["Post"]["fields"]) == list(given["entities"]["Post"]["fields"])
    assert answers["framework"] == "django"


def test_interactive_default_is_the_bundled_bookshelf_spec() -> None:
    questions = yaml.safe_load((TEMPLATE_ROOT / "copier.yml").read_text())
    bookshelf = yaml.safe_load(bundled_spec("bookshelf").read_text())
    assert yaml.safe_load(questions["entities"]["default"]) == bookshelf["entities"]
    assert questions["project_name"]["default"] == bookshelf["project_name"]
    assert questions["description"]["default"] == bookshelf["description"]


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_update_with_a_new_field_merges_with_user_edits_and_keeps_migrations(
    template_repo: Path, tmp_path: Path, framework: str
) -> None:
    spec = yaml.safe_load(bundled_spec("blog").read_text())
    spec_file = tmp_path / "spec.yml"
    spec_file.write_text(yaml.safe_dump(spec, sort_keys=False))
    project = tmp_path / "project"
    copied = copier(
        "copy",
        "--trust",
        "--defaults",
        "--data",
        f"framework={framework}",
        "--data-file",
        str(spec_file),
        str(template_repo),
        str(project),
    )
    assert "Warning" not in copied.stderr, copied.stderr
    git(project, "init", "-q", "-b", "main")
    readme = project / "README.md"
    readme.write_text(readme.read_text() + "\nOur team's notes: keep this line.\n")
    commit_project(project, "initial project with an edit")
    migrations = {path: path.read_text() for path in project.rglob("0001_initial.py")}
    assert migrations, "the initial migration ships with the project"

    spec["entities"]["Post"]["fields"]["subtitle"] = {
        "type": "string",
        "max_length": 120,
        "required": False,
    }
    spec_file.write_text(yaml.safe_dump(spec, sort_keys=False))
    updated = copier("update", "--trust", "--defaults", "--data-file", str(spec_file), cwd=project)
    assert "Warning" not in updated.stderr, updated.stderr

    models = next(project.rglob("models.py")).read_text()
    assert "subtitle" in models
    assert "Our team's notes: keep this line." in readme.read_text()
    assert {path: path.read_text() for path in migrations} == migrations
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert list(answers["entities"]) == list(spec["entities"])
    assert list(answers["entities"]["Post"]["fields"])[-1] == "subtitle"
    assert "<<<<<<<" not in models


def test_update_renders_the_new_version_with_its_own_generator_code(
    template_repo: Path, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    copier(
        "copy",
        "--trust",
        "--defaults",
        "--data",
        "framework=flask",
        "--data-file",
        str(bundled_spec("todo")),
        str(template_repo),
        str(project),
    )
    git(project, "init", "-q", "-b", "main")
    commit_project(project, "initial project")
    description = yaml.safe_load(bundled_spec("todo").read_text())["description"]
    assert description in (project / "README.md").read_text()

    normalise = template_repo / "generator" / "normalise.py"
    source = normalise.read_text()
    marker = 'description=(raw.get("description") or "").strip(),'
    assert marker in source
    normalise.write_text(source.replace(marker, marker.replace(".strip()", ".strip().upper()")))
    git(template_repo, "commit", "-q", "-am", "v2: shout descriptions")
    git(template_repo, "tag", "v2")

    copier("update", "--trust", "--defaults", cwd=project)
    assert description.upper() in (project / "README.md").read_text()


def test_update_refuses_to_switch_framework(template_repo: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    copier(
        "copy",
        "--trust",
        "--defaults",
        "--data",
        "framework=django",
        "--data-file",
        str(bundled_spec("todo")),
        str(template_repo),
        str(project),
    )
    git(project, "init", "-q", "-b", "main")
    commit_project(project, "initial project")
    before = tree(project)
    result = copier(
        "update", "--trust", "--defaults", "--data", "framework=flask", cwd=project, check=False
    )
    assert result.returncode != 0
    assert "cannot switch frameworks" in result.stdout + result.stderr
    assert tree(project) == before


def test_invalid_spec_aborts_copy_and_writes_nothing(template_repo: Path, tmp_path: Path) -> None:
    spec = yaml.safe_load(bundled_spec("todo").read_text())
    spec["entities"]["Task"]["fields"]["title"]["max_length"] = 0
    spec_file = tmp_path / "bad.yml"
    spec_file.write_text(yaml.safe_dump(spec, sort_keys=False))
    project = tmp_path / "project"
    result = copier(
        "copy",
        "--trust",
        "--defaults",
        "--data",
        "framework=django",
        "--data-file",
        str(spec_file),
        str(template_repo),
        str(project),
        check=False,
    )
    assert result.returncode != 0
    assert "entities.Task.fields.title.max_length" in result.stdout + result.stderr
    assert not project.exists() or not any(project.iterdir())


def test_later_renders_in_one_process_outlive_the_first_snapshot(tmp_path: Path) -> None:
    """The generator copy of a deleted template snapshot still has what the model imports late."""
    spec = load_raw_spec(bundled_spec("blog"))
    render_apps(spec, tmp_path / "django", frameworks=("django",))
    render_apps(spec, tmp_path / "flask", frameworks=("flask",))
    assert (tmp_path / "flask" / "flask_app").is_dir()


def test_a_spec_error_through_copier_is_the_check_report(
    template_repo: Path, tmp_path: Path
) -> None:
    spec_file = tmp_path / "bad.yml"
    spec_file.write_text(
        "project_name: Shelf\n"
        "entities:\n"
        "  book:\n"
        "    fields:\n"
        "      price: {type: decimal, max_digits: 2, decimal_places: 5}\n"
    )
    checked = subprocess.run(
        [sys.executable, "-c", "from generator.cli import main; main()", "check", str(spec_file)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 2
    result = copier(
        "copy",
        "--trust",
        "--defaults",
        "--data",
        "framework=flask",
        "--data-file",
        str(spec_file),
        str(template_repo),
        str(tmp_path / "project"),
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert "entities.book (line 3):" in result.stderr
    assert "entities.book.fields.price.decimal_places (line 5):" in result.stderr
    assert checked.stderr.strip() in result.stderr


def test_copier_asks_nothing_it_can_derive() -> None:
    questions = yaml.safe_load((TEMPLATE_ROOT / "copier.yml").read_text())
    assert questions["project_slug"]["ask"] is False


def test_the_readme_copier_command_runs_without_a_terminal(
    template_repo: Path, tmp_path: Path
) -> None:
    readme = (TEMPLATE_ROOT / "README.md").read_text()
    command = next(line for line in readme.splitlines() if line.startswith("copier copy "))
    command = command.replace("<path or git URL of diptych>", str(template_repo))
    shutil.copy2(bundled_spec("todo"), tmp_path / "myspec.yml")
    result = copier(*shlex.split(command)[1:], cwd=tmp_path)  # stdin is /dev/null
    assert (tmp_path / "myproject" / ".copier-answers.yml").is_file()
    assert "Warning" not in result.stderr, result.stderr


LAYOUT_CHANGE = "8419af5"
"""The last commit whose templates laid out Python in Jinja, before ruff's layout pass."""


def test_update_across_the_layout_change_stays_clean(tmp_path: Path) -> None:
    """A project copied from templates that laid out Python themselves updates to the
    formatter's templates with no conflicts, and ends as a fresh copy of them."""
    before = tmp_path / "before"
    before.mkdir()
    archive = subprocess.run(
        ["git", "archive", LAYOUT_CHANGE, "copier.yml", "templates", "generator"],
        cwd=TEMPLATE_ROOT,
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(before)], input=archive.stdout, check=True)
    assert "PythonLayout" not in (before / "copier.yml").read_text()
    repo = tmp_path / "template"
    repo.mkdir()
    shutil.copytree(before, repo, dirs_exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "v1: layout in Jinja")
    git(repo, "tag", "v1")
    project = tmp_path / "project"
    copier(
        "copy", "--trust", "--defaults", "--data", "framework=django", "--data-file",
        str(bundled_spec("blog")), str(repo), str(project),
    )  # fmt: skip
    git(project, "init", "-q", "-b", "main")
    commit_project(project, "initial project")
    migrations = {path: path.read_text() for path in project.rglob("0001_initial.py")}

    shutil.rmtree(repo / "templates")
    shutil.rmtree(repo / "generator")
    for name in ("copier.yml", "templates", "generator"):
        source = TEMPLATE_ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, repo / name)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "v2: layout by ruff")
    git(repo, "tag", "v2")
    updated = copier("update", "--trust", "--defaults", cwd=project)
    assert "Warning" not in updated.stderr, updated.stderr

    fresh = tmp_path / "fresh"
    copier(
        "copy", "--trust", "--defaults", "--data", "framework=django", "--data-file",
        str(bundled_spec("blog")), str(repo), str(fresh),
    )  # fmt: skip
    files = tree(project)
    assert not [name for name, text in files.items() if "<<<<<<<" in text]
    # the shipped migration belongs to the project: update keeps it as it was
    assert {path: path.read_text() for path in migrations} == migrations
    shipped = [str(path.relative_to(project)) for path in migrations]
    fresh_files = tree(fresh)
    assert {name: text for name, text in files.items() if name not in shipped} == {
        name: text for name, text in fresh_files.items() if name not in shipped
    }


def test_copier_without_ruff_stops_and_says_what_to_add(
    template_repo: Path, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    no_ruff = (
        "import sys; sys.modules['ruff'] = None; "
        "from copier.__main__ import CopierApp; CopierApp.run()"
    )
    result = subprocess.run(
        [sys.executable, "-c", no_ruff, "copy", "--trust", "--defaults", "--data",
         "framework=flask", "--data-file", str(bundled_spec("todo")),
         str(template_repo), str(project)],
        capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL,
        env={**os.environ, **GIT_ENV},
    )  # fmt: skip
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert "--with ruff" in result.stderr
    assert not list(project.rglob("*.py"))
