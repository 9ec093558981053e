"""``diptych contract``: the side-by-side table and the exit status."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import contract
from generator.contract import ContractReport
from generator.contract import contract_command
from generator.contract import read_junit
from generator.contract import table

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
