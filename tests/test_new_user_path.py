"""The new user's path, replayed from the READMEs' own commands, in both frameworks.

The commands are read out of ``README.md`` (copier copy, git, copier update) and
out of the generated project's README (install, migrate, seed, change the models,
test), not retyped here, so a wrong command in a README fails this test. Between
them the test does what a user does: seeds the demo data, edits a template,
commits, adds one optional string field and one new entity to the spec.

Two substitutions keep it fast and offline, both said where they happen: copier
runs as ``python -m copier`` of this interpreter (the README's ``uvx``/``pipx``
prefix is what installs it), and the project's ``.venv`` is given this
interpreter's packages (a ``.pth`` file) and console scripts, so the README's
``pip install -e`` installs only the project itself. Commands that start a
server or ask for a password (``runserver``, ``createsuperuser``, ``flask run``,
``create-admin``) are left out.

By default both frameworks run on SQLite (the README's own database); ``--full``
adds PostgreSQL.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml

from generator.normalise import build_project
from generator.rendering import TEMPLATE_ROOT
from generator.spec import bundled_spec
from tests.postgres import running_postgres
from tests.schema_compare import engine_url
from tests.schema_compare import table_names
from tests.test_copier import GIT_ENV
from tests.test_copier import template_repo  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.slow]

USER_EDIT = '<p class="team-note">Our team\'s note: keep this line.</p>'
SOURCE_PLACEHOLDER = "<path or git URL of diptych>"
# Commands of the generated READMEs that serve or ask for a password: not replayed.
INTERACTIVE = ("runserver", "createsuperuser", "create-admin", " run ")
DATABASE_URLS = {"django": "sqlite:///db.sqlite3", "flask": "sqlite:///instance/db.sqlite3"}


def shell_blocks(markdown: str) -> list[list[str]]:
    """The command lines of each fenced ``sh``/``console`` block, continuations joined."""
    blocks = re.findall(r"^```(?:sh|console)\n(.*?)^```", markdown, flags=re.M | re.S)
    commands = []
    for block in blocks:
        joined = re.sub(r"\\\n\s*", " ", block)
        commands.append(
            [line.strip() for line in joined.splitlines() if line.strip() and line[0] != "#"]
        )
    return commands


def section(markdown: str, heading: str) -> str:
    """The text of the ``## heading`` section of a README."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", markdown, flags=re.M | re.S)
    assert match, f"the README has no section {heading!r}"
    return match.group(1)


def section_commands(markdown: str, heading: str) -> list[str]:
    """Every command line of the fenced blocks of one section, in order."""
    return [line for block in shell_blocks(section(markdown, heading)) for line in block]


def copier_section() -> list[str]:
    """The command lines of the README's section on copier."""
    readme = (TEMPLATE_ROOT / "README.md").read_text()
    return section_commands(readme, "Starting a real project with copier")


def copier_copy_args(framework: str, source: Path) -> list[str]:
    """The README's ``copier copy`` command for ``framework``, its tool prefix dropped."""
    for line in copier_section():
        if f"--data framework={framework}" in line:
            line = line.replace(SOURCE_PLACEHOLDER, shlex.quote(str(source)))
            args = shlex.split(line)
            return args[args.index("copy") :]
    raise AssertionError(f"the README has no copier copy command for {framework}")


def readme_git_and_update() -> tuple[str, list[str], list[str]]:
    """The README's ``cd``, ``git`` and ``copier update`` lines, after the copy."""
    lines = copier_section()
    cd = next(line for line in lines if line.startswith("cd "))
    git = [line for line in lines if line.startswith("git ")]
    update = next(shlex.split(line) for line in lines if line.startswith("copier update "))
    assert git, "the README does not say how to put the project under git"
    return cd.removeprefix("cd ").strip(), git, update[1:]


@dataclass
class Shell:
    """Runs README lines with bash in the project, as a user's terminal would."""

    project: Path
    env: dict[str, str]
    prelude: list[str]

    def run(self, lines: list[str], timeout: float = 900) -> subprocess.CompletedProcess[str]:
        script = "\n".join(["set -euo pipefail", *self.prelude, *lines])
        result = subprocess.run(
            ["bash", "-c", script],
            cwd=self.project,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        assert result.returncode == 0, (
            f"README lines failed in {self.project}:\n{script}\n"
            f"--- stdout\n{result.stdout[-6000:]}\n--- stderr\n{result.stderr[-6000:]}"
        )
        return result


def user_env(database_url: str | None) -> dict[str, str]:
    """A terminal's environment: this interpreter's ``python`` first on PATH, git identity."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "FLASK_", "VIRTUAL_ENV"))
        and key not in ("DATABASE_URL", "PYTHONPATH", "SECRET_KEY", "DEBUG")
    }
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    env.update(GIT_ENV, PYTHONDONTWRITEBYTECODE="1")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def share_this_interpreter(venv: Path) -> None:
    """Give a fresh venv this interpreter's packages and console scripts.

    pip then finds every dependency already installed and installs only the
    project; the scripts run the venv's python, so they see the project as an
    installed user's scripts would.
    """
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    (venv / "lib" / version / "site-packages" / "_this_interpreter.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n"
    )
    here = Path(sys.executable).parent
    for name in ("flask", "pytest", "pre-commit"):
        lines = (here / name).read_text().splitlines(keepends=True)
        script = venv / "bin" / name
        script.write_text(f"#!{venv / 'bin' / 'python'}\n" + "".join(lines[1:]))
        script.chmod(0o755)
    shutil.copy2(here / "ruff", venv / "bin" / "ruff")


def row_counts(url: str, spec: dict[str, Any], framework: str) -> dict[str, int]:
    """Rows in each entity and link table of ``spec``, by normalised name."""
    names = table_names(build_project(spec), framework).tables
    engine = sa.create_engine(engine_url(url))
    try:
        with engine.connect() as connection:
            return {
                norm: connection.execute(sa.text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one()
                for name, norm in names.items()
            }
    finally:
        engine.dispose()


def rows_where(url: str, query: str) -> int:
    engine = sa.create_engine(engine_url(url))
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text(query)).scalar_one()
    finally:
        engine.dispose()


def edit_home_template(project: Path) -> Path:
    """Add a line to the home page template, as a user making the site theirs would."""
    home = next(project.glob("*/templates/**/home.html"))
    text = home.read_text()
    end = "{% endblock content %}"
    assert end in text
    home.write_text(text.replace(end, f"  {USER_EDIT}\n{end}"))
    return home


def change_spec(spec: dict[str, Any]) -> None:
    """One optional string field on an entity with rows, and one new entity."""
    spec["entities"]["Post"]["fields"]["subtitle"] = {
        "type": "string",
        "max_length": 120,
        "required": False,
    }
    spec["entities"]["Series"] = {"fields": {"name": {"type": "string", "max_length": 80}}}


@pytest.mark.parametrize(
    ("framework", "database"),
    [
        pytest.param("django", "sqlite", id="django-sqlite"),
        pytest.param("flask", "sqlite", id="flask-sqlite"),
        pytest.param("django", "postgresql", id="django-postgresql", marks=pytest.mark.full),
        pytest.param("flask", "postgresql", id="flask-postgresql", marks=pytest.mark.full),
    ],
)
def test_the_readme_commands_take_a_project_through_a_spec_change(
    framework: str,
    database: str,
    template_repo: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    if database == "postgresql":
        with running_postgres() as server:
            url = server.create_database(f"new_user_{framework}")
            replay(framework, template_repo, tmp_path, url)
    else:
        replay(framework, template_repo, tmp_path, None)


def replay(framework: str, source: Path, home: Path, database_url: str | None) -> None:
    env = user_env(database_url)
    spec_file = home / "myspec.yml"
    shutil.copy2(bundled_spec("blog"), spec_file)
    before = yaml.safe_load(spec_file.read_text())

    # copier copy, from the README, in the folder that holds myspec.yml
    copied = subprocess.run(
        [sys.executable, "-m", "copier", *copier_copy_args(framework, source)],
        cwd=home, env=env, capture_output=True, text=True, check=False,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert copied.returncode == 0, copied.stdout + copied.stderr
    assert "Warning" not in copied.stderr, copied.stderr
    folder, git_lines, update_args = readme_git_and_update()
    project = home / folder
    terminal = Shell(project, env, [])
    terminal.run(git_lines)

    # the generated README: install, migrate, seed (server and password prompts left out)
    readme = (project / "README.md").read_text()
    install = section_commands(readme, "Install, migrate, seed, run")
    kept = [line for line in install if not any(word in f"{line} " for word in INTERACTIVE)]
    assert len(kept) < len(install), "the README's install block no longer starts a server"
    venv_line = next(i for i, line in enumerate(kept) if "-m venv .venv" in line)
    terminal.run(kept[: venv_line + 1])
    share_this_interpreter(project / ".venv")
    terminal.run(kept[venv_line + 1 :])
    activated = Shell(
        project,
        env,
        [line for line in kept if line.startswith((". .venv/", "source .venv/", "export "))],
    )
    url = database_url or DATABASE_URLS[framework]
    if url.startswith("sqlite:///"):
        url = f"sqlite:///{project / url.removeprefix('sqlite:///')}"
    seeded = row_counts(url, before, framework)
    assert all(seeded.values()), f"the demo data left a table empty: {seeded}"
    name = tomllib.loads((project / "pyproject.toml").read_text())["project"]["name"]
    installed = activated.run([f"pip show --files {name}"]).stdout
    assert f"Editable project location: {project}" in installed, installed
    # what install, migrate and seed left behind (.venv, egg-info, the database) is ignored
    assert not terminal.run(["git status --porcelain --ignored=no"]).stdout

    # the user's edit, committed
    template = edit_home_template(project)
    terminal.run(['git add -A && git commit -q -m "Our home page"'])

    # the spec changes; copier update, from the README, inside the project
    after = yaml.safe_load(spec_file.read_text())
    change_spec(after)
    spec_file.write_text(yaml.safe_dump(after, sort_keys=False))
    updated = subprocess.run(
        [sys.executable, "-m", "copier", *update_args],
        cwd=project, env=env, capture_output=True, text=True, check=False,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert "Warning" not in updated.stderr, updated.stderr
    assert USER_EDIT in template.read_text()
    conflicts = terminal.run(["git grep --untracked -l -e '^<<<<<<< ' -e '^>>>>>>> ' || true"])
    assert not conflicts.stdout, f"copier update left conflicts in {conflicts.stdout}"

    # the updated README's next migration, on the seeded database
    readme = (project / "README.md").read_text()
    activated.run(section_commands(readme, "Change the models"))
    counts = row_counts(url, after, framework)
    added = {entity.table for entity in build_project(after).entities if entity.name == "Series"}
    assert counts == {**seeded, **dict.fromkeys(added, 0)}, "the migration changed the seeded rows"
    names = table_names(build_project(after), framework).tables
    tables = {norm: name for name, norm in names.items()}
    blank = f"SELECT COUNT(*) FROM \"{tables['post']}\" WHERE subtitle = ''"
    assert rows_where(url, blank) == seeded["post"], "the new column is not '' on the seeded rows"

    # the project's own tests and linters, then pre-commit on the committed tree
    heading = "Test and lint" if "## Test and lint\n" in readme else "Test"
    tests = section_commands(readme, heading)
    result = activated.run(tests)
    assert re.search(r"\d+ passed", result.stdout), result.stdout[-3000:]
    terminal.run(['git add -A && git commit -q -m "Series, and a subtitle"'])
    assert "pip install pre-commit" in readme
    hooks = activated.run(["pip install pre-commit", "pre-commit run --all-files"]).stdout
    assert re.search(r"^ruff check\.+Passed$", hooks, flags=re.M), hooks
    assert re.search(r"^ruff format\.+Passed$", hooks, flags=re.M), hooks
    assert not terminal.run(["git status --porcelain"]).stdout
    assert USER_EDIT in template.read_text()
