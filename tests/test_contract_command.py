"""``diptych contract``: the side-by-side table, the exit status, and a run from a wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import contract
from generator.contract import ContractReport
from generator.contract import contract_command
from generator.contract import extra_requirements
from generator.contract import missing_dependencies
from generator.contract import read_junit
from generator.contract import table
from generator.rendering import TEMPLATE_ROOT
from generator.spec import bundled_spec
from tests.apps import run

JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest">
<testcase classname="tests.contract.test_auth_api" name="test_me[django-todo-admin-True]"/>
<testcase classname="tests.contract.test_auth_api" name="test_me[flask-todo-admin-True]">
<failure message="boom">expected 200</failure></testcase>
<testcase classname="tests.contract.test_html" name="test_logout_by_get_is_405[django-todo]"/>
<testcase classname="tests.contract.test_html" name="test_logout_by_get_is_405[flask-todo]"/>
</testsuite></testsuites>
"""


def fake_report(tmp_path: Path) -> ContractReport:
    junit = tmp_path / "junit.xml"
    junit.write_text(JUNIT)
    report = ContractReport(returncode=1)
    read_junit(junit, report)
    return report


def test_junit_rows_pair_the_frameworks(tmp_path: Path) -> None:
    report = fake_report(tmp_path)
    assert report.outcomes == {
        "test_auth_api::test_me[todo-admin-True]": {"django": "pass", "flask": "FAIL"},
        "test_html::test_logout_by_get_is_405[todo]": {"django": "pass", "flask": "pass"},
    }
    assert report.failed
    lines = table(report).splitlines()
    assert [cell.strip() for cell in lines[0].split("|")] == ["test", "Django", "Flask"]
    assert any("test_me[todo-admin-True]" in line and "FAIL" in line for line in lines)
    assert lines[-1].split("|")[1].strip() == "2 / 0" and lines[-1].split("|")[2].strip() == "1 / 1"


def test_command_exits_1_when_a_test_failed(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "django_app").mkdir()
    monkeypatch.setattr(contract, "run_contract", lambda out, keyword=None: fake_report(tmp_path))
    result = runner.invoke(contract_command, [str(tmp_path)])
    assert result.exit_code == 1
    assert "Django" in result.output and "Flask" in result.output


def test_command_refuses_a_folder_without_apps(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(contract_command, [str(tmp_path)])
    assert result.exit_code == 2
    assert "neither django_app/ nor flask_app/" in result.output


def test_help(runner: CliRunner) -> None:
    result = runner.invoke(contract_command, ["--help"])
    assert result.exit_code == 0 and "OUT/django_app and OUT/flask_app" in result.output


@pytest.mark.impure
@pytest.mark.slow
def test_contract_on_a_rendered_todo(rendered: Callable[[str], Path], runner: CliRunner) -> None:
    out = rendered("todo")
    result = runner.invoke(
        contract_command, [str(out), "-k", "test_list_is_a_page or test_me or test_openapi"]
    )
    header = result.output.splitlines()[0]
    assert "Django" in header and "Flask" in header, result.output
    assert "test_api_crud::test_list_is_a_page[todo-Task]" in result.output
    failed = "FAIL" in result.output
    assert result.exit_code == (1 if failed else 0), result.output


def test_a_run_without_verdict_exits_2(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "django_app").mkdir()
    stopped = ContractReport(returncode=2, output="ImportError while loading conftest")
    monkeypatch.setattr(contract, "run_contract", lambda out, keyword=None: stopped)
    result = runner.invoke(contract_command, [str(tmp_path)])
    assert result.exit_code == 2
    assert "could not run the contract suite (pytest exited 2)" in result.output
    assert "ImportError while loading conftest" in result.output
    assert "do not honour" not in result.output


def test_a_missing_package_exits_2_naming_it(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "flask_app").mkdir()
    monkeypatch.setattr(contract, "missing_dependencies", lambda: ["requests", "schemathesis"])
    result = runner.invoke(contract_command, [str(tmp_path)])
    assert result.exit_code == 2
    assert "not installed: requests, schemathesis" in result.output
    assert "pip install 'diptych[contract]'" in result.output
    assert "do not honour" not in result.output


def test_the_contract_extra_includes_the_apps_and_the_clients() -> None:
    names = {name.lower() for name in extra_requirements("contract")}
    assert {"requests", "pytest", "schemathesis", "gunicorn", "django", "flask"} <= names
    assert missing_dependencies() == []


@pytest.mark.impure
@pytest.mark.slow
def test_an_app_that_does_not_start_exits_2(
    rendered: Callable[[str], Path], runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "todo"
    shutil.copytree(rendered("todo"), out)
    (out / "flask_app" / "todo" / "__init__.py").write_text("this is not python\n")
    result = runner.invoke(contract_command, [str(out), "-k", "test_me"])
    assert result.exit_code == 2, result.output
    assert "the flask-todo app did not start" in result.output
    assert "do not honour" not in result.output


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """diptych built as a wheel, as a package index would serve it."""
    dist = tmp_path_factory.mktemp("dist")
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist)]
    run([*pip, str(TEMPLATE_ROOT)], cwd=dist, env=isolated_env())
    return next(dist.glob("diptych-*.whl"))


def isolated_env() -> dict[str, str]:
    """The environment without this checkout's venv or paths, as a new user's shell."""
    return {
        key: value
        for key, value in os.environ.items()
        if key not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")
    }


def install(wheel: Path, venv: Path, extras: str = "") -> Path:
    """Install the wheel into a fresh venv, as pipx or uvx would; returns its ``diptych``."""
    run([sys.executable, "-m", "venv", str(venv)], cwd=venv.parent, env=isolated_env())
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", f"{wheel}{extras}"]
    run(pip, cwd=venv.parent, env=isolated_env())
    return venv / "bin" / "diptych"


@pytest.mark.impure
@pytest.mark.slow
def test_contract_from_an_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    diptych = install(wheel, tmp_path / "venv", "[contract]")
    out = tmp_path / "todo"
    spec = bundled_spec("todo")
    run([str(diptych), "render", str(spec), "-o", str(out)], cwd=tmp_path, env=isolated_env())
    result = subprocess.run(
        [str(diptych), "contract", str(out), "-k", "test_list_is_a_page or test_me or html"],
        cwd=tmp_path,
        env=isolated_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    header = result.stdout.splitlines()[0]
    assert [cell.strip() for cell in header.split("|")] == ["test", "Django", "Flask"]
    rows = [[cell.strip() for cell in line.split("|")] for line in result.stdout.splitlines()]
    assert ["test_api_crud::test_list_is_a_page[todo-Task]", "pass", "pass"] in rows
    assert "Both apps honour the contract." in result.stdout


@pytest.mark.impure
@pytest.mark.slow
def test_contract_without_the_extra_says_what_is_missing(
    wheel: Path, tmp_path: Path, rendered: Callable[[str], Path]
) -> None:
    diptych = install(wheel, tmp_path / "venv")
    result = subprocess.run(
        [str(diptych), "contract", str(rendered("todo"))],
        cwd=tmp_path,
        env=isolated_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "packages that are not installed:" in result.stderr
    assert "requests" in result.stderr and "gunicorn" in result.stderr
    assert "pip install 'diptych[contract]'" in result.stderr
    assert "do not honour" not in result.stdout + result.stderr
