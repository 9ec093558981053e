"""``diptych contract OUT``: run the contract suite against the two apps rendered in OUT.

The suite (``generator/contract_suite``, shipped in the package) runs in a
subprocess with ``--apps OUT`` and a JUnit XML report; the report becomes a
side-by-side table, one row per contract test, one column per framework.

Exit 1 means the apps broke the contract. Exit 2 means the tool could not
reach a verdict: a package of the ``contract`` extra is missing, an app did
not start, or pytest stopped before running the tests.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from dataclasses import field
from importlib import metadata
from pathlib import Path

import click

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
        """Some contract test failed."""
        return any(FAILED in row.values() for row in self.outcomes.values())

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


@click.command("contract")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path), metavar="OUT")
@click.option("-k", "--keyword", help="Only tests matching this pytest -k expression.")
def contract_command(out: Path, keyword: str | None) -> None:
    """Run the contract suite against OUT/django_app and OUT/flask_app.

    Each app is served with gunicorn on a fresh SQLite database with the demo
    data, and the same HTTP tests run against both. Prints one row per test
    with its outcome in each framework; exits 1 if anything failed.
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
