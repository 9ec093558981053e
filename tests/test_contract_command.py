"""``diptych contract``: the side-by-side table, the OpenAPI comparison, the exit status,
and a run from a wheel."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator import contract
from generator.contract import ContractReport
from generator.contract import ContractToolError
from generator.contract import OpenAPIComparison
from generator.contract import compare_openapi
from generator.contract import contract_command
from generator.contract import extra_requirements
from generator.contract import fetch_document
from generator.contract import missing_dependencies
from generator.contract import read_junit
from generator.contract import rendered_project
from generator.contract import table
from generator.contract_suite.servers import ServerError
from generator.openapi import openapi_document
from generator.openapi_compare import normalise
from generator.rendering import TEMPLATE_ROOT
from generator.spec import bundled_spec
from generator.spec import load_spec
from tests.apps import run
from tests.test_openapi_after_edits import add_flask_field

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


def todo_reference() -> dict[str, Any]:
    return normalise(openapi_document(load_spec(bundled_spec("todo"))))


def with_headline(normalised: dict[str, Any]) -> dict[str, Any]:
    """``normalised`` with a read-only ``headline`` in what ``GET /api/tasks/{id}/`` answers."""
    changed = copy.deepcopy(normalised)
    answer = changed["paths"]["/api/tasks/{id}/"]["get"]["responses"]["200"]["application/json"]
    answer["properties"]["headline"] = {"type": "string", "readOnly": True}
    return changed


def passing_report(openapi: OpenAPIComparison) -> ContractReport:
    report = ContractReport(returncode=0, openapi=openapi)
    report.record("test_auth_api::test_me[todo]", "django", "pass")
    report.record("test_auth_api::test_me[todo]", "flask", "pass")
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


def test_equal_documents_take_one_line() -> None:
    reference = todo_reference()
    same = OpenAPIComparison(reference, served={"django": reference, "flask": reference})
    assert same.equal and not passing_report(same).failed
    assert same.text() == (
        "OpenAPI: equal. Django's and Flask's /api/openapi.json and the reference "
        "(built from the spec) describe the same API: 8 operations on 4 paths."
    )


def test_a_document_that_differs_is_shown_as_a_diff() -> None:
    reference = todo_reference()
    comparison = OpenAPIComparison(
        reference, served={"django": reference, "flask": with_headline(reference)}
    )
    assert not comparison.equal and passing_report(comparison).failed
    lines = comparison.text().splitlines()
    assert lines[0] == (
        "OpenAPI: DIFFERENT. Flask's /api/openapi.json differs from the reference; "
        "Django's equals it."
    )
    assert "--- reference (built from the spec)" in lines
    assert "+++ Flask /api/openapi.json" in lines
    added = [line for line in lines if line.startswith("+paths")]
    assert added and all("{id}/ / get / responses / 200" in line for line in added), added
    assert any(line.endswith("headline / readOnly → true") for line in added), added
    assert not [line for line in lines if line.startswith("-paths")]


def test_two_documents_that_differ_alike_are_said_to_agree() -> None:
    reference = todo_reference()
    edited = with_headline(reference)
    alike = OpenAPIComparison(reference, served={"django": edited, "flask": edited})
    text = alike.text()
    assert text.startswith("OpenAPI: DIFFERENT. Django's and Flask's /api/openapi.json differ")
    assert text.count("+++ ") == 2
    assert text.endswith("Django's and Flask's documents agree with each other.")
    other = copy.deepcopy(edited)
    del other["paths"]["/api/me/"]
    apart = OpenAPIComparison(reference, served={"django": edited, "flask": other})
    assert apart.text().endswith("Django's and Flask's documents also differ from each other.")


def test_a_document_without_a_normal_form_is_a_difference() -> None:
    reference = todo_reference()
    comparison = OpenAPIComparison(
        reference,
        served={"django": reference},
        problems={"flask": "not a valid OpenAPI 3 document: 'info' is a required property"},
    )
    assert not comparison.equal
    assert comparison.text().splitlines()[1:] == [
        "Flask /api/openapi.json: not a valid OpenAPI 3 document: 'info' is a required property"
    ]


def test_a_render_of_one_framework_is_compared_alone() -> None:
    reference = todo_reference()
    alone = OpenAPIComparison(reference, served={"flask": reference})
    assert alone.frameworks == ["flask"]
    assert alone.text().startswith("OpenAPI: equal. Flask's /api/openapi.json and the reference")


@pytest.mark.parametrize(
    ("flask_serves", "exit_code", "lines"),
    [
        ("reference", 0, ["OpenAPI: equal.", "Both apps honour the contract."]),
        ("edited", 1, ["OpenAPI: DIFFERENT.", "+++ Flask", "The apps do not honour"]),
    ],
)
def test_command_prints_the_comparison_and_counts_it_in_the_verdict(
    flask_serves: str,
    exit_code: int,
    lines: list[str],
    tmp_path: Path,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "django_app").mkdir()
    reference = todo_reference()
    served = {"reference": reference, "edited": with_headline(reference)}[flask_serves]
    report = passing_report(
        OpenAPIComparison(reference, served={"django": reference, "flask": served})
    )
    monkeypatch.setattr(contract, "run_contract", lambda out, keyword=None: report)
    result = runner.invoke(contract_command, [str(tmp_path)])
    assert result.exit_code == exit_code, result.output
    assert "test_auth_api::test_me[todo]" in result.output
    assert all(line in result.output for line in lines), result.output


class Answers(BaseHTTPRequestHandler):
    """Answers each path with a fixed status and body."""

    ROUTES = {"/text": (200, b"<html></html>"), "/list": (200, b"[]"), "/boom": (500, b"{}")}

    def do_GET(self) -> None:
        status, body = self.ROUTES[self.path]
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def answering() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_an_answer_that_is_no_document_says_why(answering: str) -> None:
    assert fetch_document(f"{answering}/text") == (None, "answered something that is not JSON")
    assert fetch_document(f"{answering}/list") == (None, "answered JSON that is not an object")
    assert fetch_document(f"{answering}/boom") == (None, "answered 500 instead of 200")


def test_an_app_that_stops_before_the_comparison_is_a_tool_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_server(app_dir: Path, framework: str) -> Any:
        raise ServerError("gunicorn exited 3 before answering")

    (tmp_path / "flask_app").mkdir()
    monkeypatch.setattr(contract, "rendered_project", lambda out: load_spec(bundled_spec("todo")))
    monkeypatch.setattr(contract, "serve_app", no_server)
    with pytest.raises(ContractToolError, match="flask app in .* did not start:\ngunicorn exited"):
        compare_openapi(tmp_path)


def test_a_folder_without_copier_answers_is_a_tool_error(tmp_path: Path) -> None:
    (tmp_path / "flask_app").mkdir()
    with pytest.raises(ContractToolError, match="no .copier-answers.yml in"):
        rendered_project(tmp_path)


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
    assert "OpenAPI: equal. Django's and Flask's /api/openapi.json" in result.output
    failed = "FAIL" in result.output
    assert result.exit_code == (1 if failed else 0), result.output


@pytest.mark.impure
@pytest.mark.slow
def test_contract_shows_a_flask_schema_edited_by_hand(
    rendered: Callable[[str], Path], runner: CliRunner, tmp_path: Path
) -> None:
    """Every contract test passes, but Flask's document grew a field: exit 1, with the diff."""
    out = tmp_path / "todo"
    shutil.copytree(rendered("todo"), out)
    add_flask_field(out / "flask_app", "todo", "Task")
    result = runner.invoke(contract_command, [str(out), "-k", "test_me"])
    assert result.exit_code == 1, result.output
    rows = [[cell.strip() for cell in line.split("|")] for line in result.output.splitlines()]
    assert ["test_auth_api::test_me_anonymous_is_401[todo]", "pass", "pass"] in rows
    assert (
        "OpenAPI: DIFFERENT. Flask's /api/openapi.json differs from the reference; "
        "Django's equals it." in result.output
    )
    assert "+++ Flask /api/openapi.json" in result.output
    added = [line for line in result.output.splitlines() if line.startswith("+paths")]
    assert any("/api/tasks/{id}/ / get" in line and "headline" in line for line in added), added
    assert "The apps do not honour the contract." in result.output


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
    assert "OpenAPI: equal. Django's and Flask's /api/openapi.json" in result.stdout
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
