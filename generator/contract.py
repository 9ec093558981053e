"""``diptych contract OUT``: run the contract suite against the two apps rendered in OUT.

The suite (``generator/contract_suite``, shipped in the package) runs in a
subprocess with ``--apps OUT`` and a JUnit XML report; the report becomes a
side-by-side table, one row per contract test, one column per framework.
Then each app is served once more for the three-way OpenAPI comparison: the
document Django serves, the one Flask serves and the reference that
:mod:`generator.openapi` builds from the spec, each reduced by
:mod:`generator.openapi_compare` to what a client depends on. Equal, they
take one line; different, a ``path → value`` diff against the reference.

Exit 1 means the apps broke the contract: a test failed or a served document
differs from the reference. Exit 2 means the tool could not reach a verdict: a
package of the ``contract`` extra is missing, an app did not start, or pytest
stopped before running the tests.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from dataclasses import field
from importlib import metadata
from pathlib import Path
from typing import Any

import click
import yaml

from .contract_suite.servers import serve_app
from .model import Project
from .openapi import openapi_document
from .openapi_compare import OpenAPIError
from .openapi_compare import count_operations
from .openapi_compare import diff
from .openapi_compare import normalise
from .spec import project_from_answers

FRAMEWORK_COLUMNS = {"django": "Django", "flask": "Flask"}
PASSED, FAILED, SKIPPED = "pass", "FAIL", "skip"
NO_TESTS_COLLECTED = 5
OUTPUT_TAIL = 4000
MISSING_CELL = "-"
PARAMETERS = re.compile(r"^(?P<name>[^\[]+)\[(?P<framework>django|flask)-(?P<rest>.*)\]$")
SUITE = Path(__file__).resolve().parent / "contract_suite"
EXTRA = "contract"
INSTALL_HINT = (
    "install diptych with its contract extra: pip install 'diptych[contract]' "
    "(pipx install 'diptych[contract]'; uvx --from 'diptych[contract]' diptych)"
)
REQUIREMENT = re.compile(r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[(?P<extras>[^\]]*)\])?")
PYTEST_INI = "[pytest]\n"
"""The suite's own configuration, so no ``pyproject.toml`` around OUT or the suite applies."""


class ContractToolError(Exception):
    """``diptych contract`` could not reach a verdict (exit 2), as opposed to a failed test."""


def extra_requirements(extra: str, package: str = "diptych") -> list[str]:
    """The distributions an extra of ``package`` names, through the extras it includes."""
    names: list[str] = []
    for requirement in metadata.requires(package) or []:
        spec, _, marker = requirement.partition(";")
        if not re.search(rf"""extra\s*==\s*["']{re.escape(extra)}["']""", marker):
            continue
        match = REQUIREMENT.match(spec)
        if match is None:
            continue
        if _canonical(match["name"]) == _canonical(package):
            for inner in (match["extras"] or "").split(","):
                names += extra_requirements(inner.strip(), package)
        else:
            names.append(match["name"])
    return names


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def missing_dependencies() -> list[str]:
    """The packages of the ``contract`` extra that are not installed (none if unknowable)."""
    try:
        wanted = extra_requirements(EXTRA)
    except metadata.PackageNotFoundError:
        return []
    missing = []
    for name in wanted:
        try:
            metadata.distribution(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
    return sorted(set(missing), key=_canonical)


@dataclass
class ContractReport:
    """Outcomes per contract test and framework, and how pytest ended."""

    outcomes: dict[str, dict[str, str]] = field(default_factory=dict)
    """``{"test_api_crud::test_list_is_a_page[todo-Task]": {"django": "pass", ...}}``"""
    returncode: int = 0
    output: str = ""
    openapi: OpenAPIComparison | None = None
    """The three-way comparison of the OpenAPI documents, once the suite reached a verdict."""

    def record(self, test: str, framework: str, outcome: str) -> None:
        self.outcomes.setdefault(test, {})[framework] = outcome

    @property
    def frameworks(self) -> list[str]:
        seen = {framework for row in self.outcomes.values() for framework in row}
        return [framework for framework in FRAMEWORK_COLUMNS if framework in seen]

    def count(self, framework: str, outcome: str) -> int:
        return sum(1 for row in self.outcomes.values() if row.get(framework) == outcome)

    @property
    def failed(self) -> bool:
        """Some contract test failed, or a served document differs from the reference."""
        tests_failed = any(FAILED in row.values() for row in self.outcomes.values())
        return tests_failed or (self.openapi is not None and not self.openapi.equal)

    @property
    def verdict_reached(self) -> bool:
        """pytest ran the tests to the end: it passed (0) or some test failed (1)."""
        return bool(self.outcomes) and self.returncode in (0, 1)


def run_contract(out: Path, *, keyword: str | None = None) -> ContractReport:
    """Run the contract suite on ``out/django_app`` and ``out/flask_app``.

    Raises :class:`ContractToolError` when a package the suite needs is missing.
    """
    missing = missing_dependencies()
    if missing:
        raise ContractToolError(
            f"diptych contract needs packages that are not installed: {', '.join(missing)}; "
            + INSTALL_HINT
        )
    out = Path(out).resolve()
    with tempfile.TemporaryDirectory(prefix="diptych-contract-") as scratch:
        junit = Path(scratch) / "junit.xml"
        ini = Path(scratch) / "pytest.ini"
        ini.write_text(PYTEST_INI)
        command = [
            sys.executable,
            "-m",
            "pytest",
            str(SUITE),
            "--apps",
            str(out),
            f"--junitxml={junit}",
            "-c",
            str(ini),
            f"--rootdir={SUITE}",
            "-q",
            "-p",
            "no:cacheprovider",
            *(["-k", keyword] if keyword else []),
        ]
        result = subprocess.run(
            command,
            cwd=scratch,
            capture_output=True,
            text=True,
            check=False,
        )
        report = ContractReport(returncode=result.returncode, output=result.stdout + result.stderr)
        if junit.exists():
            read_junit(junit, report)
    if report.verdict_reached:
        report.openapi = compare_openapi(out)
    return report


def read_junit(path: Path, report: ContractReport) -> None:
    """Fill ``report`` from a JUnit XML file written by pytest."""
    for case in ElementTree.parse(path).getroot().iter("testcase"):
        module = case.get("classname", "").rsplit(".", 1)[-1]
        match = PARAMETERS.match(case.get("name", ""))
        if match is None:
            report.record(f"{module}::{case.get('name')}", "django", outcome_of(case))
            continue
        test = f"{module}::{match['name']}[{match['rest']}]"
        report.record(test, match["framework"], outcome_of(case))


def outcome_of(case: ElementTree.Element) -> str:
    if case.find("failure") is not None or case.find("error") is not None:
        return FAILED
    if case.find("skipped") is not None:
        return SKIPPED
    return PASSED


def table(report: ContractReport) -> str:
    """The side-by-side table: test name | Django | Flask, then the totals."""
    frameworks = report.frameworks or list(FRAMEWORK_COLUMNS)
    headers = ["test", *(FRAMEWORK_COLUMNS[framework] for framework in frameworks)]
    rows = [
        [test, *(outcomes.get(framework, MISSING_CELL) for framework in frameworks)]
        for test, outcomes in report.outcomes.items()
    ]
    totals = [
        "passed / failed",
        *(
            f"{report.count(framework, PASSED)} / {report.count(framework, FAILED)}"
            for framework in frameworks
        ),
    ]
    widths = [max(len(row[n]) for row in [headers, totals, *rows]) for n in range(len(headers))]
    lines = [_line(headers, widths), _line(["-" * width for width in widths], widths)]
    lines += [_line(row, widths) for row in rows]
    lines += [_line(["-" * width for width in widths], widths), _line(totals, widths)]
    return "\n".join(lines)


def _line(cells: list[str], widths: list[int]) -> str:
    return " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()


# --- the three-way OpenAPI comparison ---------------------------------------------------

DOCUMENT_PATH = "/api/openapi.json"
REFERENCE_NAME = "reference (built from the spec)"
FETCH_TIMEOUT = 60
ANSWERS_FILE = ".copier-answers.yml"


@dataclass
class OpenAPIComparison:
    """Each app's served document, normalised, beside the reference built from the spec."""

    reference: dict[str, Any]
    served: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The normal form of each app's document: ``{"django": {...}, "flask": {...}}``."""
    problems: dict[str, str] = field(default_factory=dict)
    """Why an app's document has no normal form (not JSON, not valid OpenAPI 3...)."""

    @property
    def frameworks(self) -> list[str]:
        present = self.served.keys() | self.problems.keys()
        return [framework for framework in FRAMEWORK_COLUMNS if framework in present]

    def agrees(self, framework: str) -> bool:
        return self.served.get(framework) == self.reference

    @property
    def equal(self) -> bool:
        return all(self.agrees(framework) for framework in self.frameworks)

    def text(self) -> str:
        """One line when all documents agree; otherwise which differ, and how."""
        differing = [name for name in self.frameworks if not self.agrees(name)]
        agreeing = [name for name in self.frameworks if self.agrees(name)]
        if not differing:
            operations, paths = count_operations(self.reference)
            return (
                f"OpenAPI: equal. {_names(agreeing)} {DOCUMENT_PATH} and the {REFERENCE_NAME} "
                f"describe the same API: {operations} operations on {paths} paths."
            )
        verb = "differs" if len(differing) == 1 else "differ"
        header = (
            f"OpenAPI: DIFFERENT. {_names(differing)} {DOCUMENT_PATH} {verb} from the reference"
        )
        if agreeing:
            header += f"; {_names(agreeing)} equals it"
        lines = [header + "."]
        for name in differing:
            title = f"{FRAMEWORK_COLUMNS[name]} {DOCUMENT_PATH}"
            if name in self.problems:
                lines.append(f"{title}: {self.problems[name]}")
            else:
                lines.append(diff(self.reference, self.served[name], names=(REFERENCE_NAME, title)))
        if len(differing) == 2 and set(differing) <= self.served.keys():
            same = self.served[differing[0]] == self.served[differing[1]]
            lines.append(
                f"{_names(differing)} documents {'agree with' if same else 'also differ from'} "
                "each other."
            )
        return "\n".join(lines)


def _names(frameworks: list[str]) -> str:
    return " and ".join(f"{FRAMEWORK_COLUMNS[framework]}'s" for framework in frameworks)


def compare_openapi(out: Path) -> OpenAPIComparison:
    """Serve each app in ``out``, fetch its document and normalise it beside the reference.

    Raises :class:`ContractToolError` when an app does not start.
    """
    frameworks = [name for name in FRAMEWORK_COLUMNS if (out / f"{name}_app").is_dir()]
    comparison = OpenAPIComparison(normalise(openapi_document(rendered_project(out))))
    with ThreadPoolExecutor(max_workers=len(frameworks)) as pool:
        answers = pool.map(lambda name: normal_form(out / f"{name}_app", name), frameworks)
        for framework, (normal, problem) in zip(frameworks, answers, strict=True):
            if normal is not None:
                comparison.served[framework] = normal
            else:
                comparison.problems[framework] = problem
    return comparison


def rendered_project(out: Path) -> Project:
    """The spec the apps in ``out`` were rendered from, as copier saved it."""
    for name in FRAMEWORK_COLUMNS:
        answers = out / f"{name}_app" / ANSWERS_FILE
        if answers.is_file():
            return project_from_answers(yaml.safe_load(answers.read_text()))
    raise ContractToolError(f"no {ANSWERS_FILE} in {out}: render it with `diptych render`")


def normal_form(app_dir: Path, framework: str) -> tuple[dict[str, Any] | None, str]:
    """The normal form of the document the running app serves, or why there is none."""
    from openapi_spec_validator import validate  # the contract extra's, checked before

    try:
        with serve_app(app_dir, framework) as base_url:
            document, problem = fetch_document(base_url + DOCUMENT_PATH)
    except AssertionError as error:  # the suite's servers fail as tests do
        raise ContractToolError(
            f"the {framework} app in {app_dir} did not start:\n{error}"
        ) from error
    if document is None:
        return None, problem
    try:
        validate(document)
    except Exception as error:  # jsonschema's, referencing's or the validator's own errors
        first_line = (str(error).strip() or type(error).__name__).splitlines()[0]
        return None, f"not a valid OpenAPI 3 document: {first_line}"
    try:
        return normalise(document), ""
    except OpenAPIError as error:
        return None, f"cannot be normalised: {error}"


def fetch_document(url: str) -> tuple[dict[str, Any] | None, str]:
    """The JSON object ``url`` answers, or what is wrong with the answer."""
    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        return None, f"answered {error.code} instead of 200"
    try:
        document = json.loads(body)
    except ValueError:
        return None, "answered something that is not JSON"
    if not isinstance(document, dict):
        return None, "answered JSON that is not an object"
    return document, ""


@click.command("contract")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path), metavar="OUT")
@click.option("-k", "--keyword", help="Only tests matching this pytest -k expression.")
def contract_command(out: Path, keyword: str | None) -> None:
    """Run the contract suite against OUT/django_app and OUT/flask_app.

    Each app is served with gunicorn on a fresh SQLite database with the demo
    data, and the same HTTP tests run against both. Prints one row per test
    with its outcome in each framework, then compares the OpenAPI documents
    both apps serve with the reference built from the spec. Exits 1 if a test
    failed or a document differs, 2 if no verdict could be reached.
    """
    if not any((out / f"{framework}_app").is_dir() for framework in FRAMEWORK_COLUMNS):
        raise click.UsageError(f"{out} holds neither django_app/ nor flask_app/")
    try:
        report = run_contract(out, keyword=keyword)
    except ContractToolError as error:
        click.secho(str(error), fg="red", err=True)
        sys.exit(2)
    if not report.verdict_reached:
        click.echo(report.output[-OUTPUT_TAIL:], err=True)
        click.secho(no_verdict(report, keyword), fg="red", err=True)
        sys.exit(2)
    click.echo(table(report))
    if report.openapi is not None:
        click.echo(report.openapi.text())
    if report.failed:
        click.secho("The apps do not honour the contract.", fg="red", err=True)
        sys.exit(1)
    click.secho("Both apps honour the contract.", fg="green")


def no_verdict(report: ContractReport, keyword: str | None) -> str:
    """Why the suite reached no verdict, for the line after pytest's own output."""
    if report.returncode == NO_TESTS_COLLECTED:
        return f"No contract test matches -k {keyword!r}." if keyword else "No contract test ran."
    return (
        f"diptych could not run the contract suite (pytest exited {report.returncode}); "
        "its output is above. This says nothing about the apps."
    )
