"""``diptych contract OUT``: run the contract suite against the two apps rendered in OUT.

The suite (``tests/contract`` beside the generator package) runs in a
subprocess with ``--apps OUT`` and a JUnit XML report; the report becomes a
side-by-side table, one row per contract test, one column per framework.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

import click

import generator

FRAMEWORK_COLUMNS = {"django": "Django", "flask": "Flask"}
PASSED, FAILED, SKIPPED = "pass", "FAIL", "skip"
MISSING_CELL = "-"
PARAMETERS = re.compile(r"^(?P<name>[^\[]+)\[(?P<framework>django|flask)-(?P<rest>.*)\]$")


def contract_suite() -> Path:
    """Where the contract suite lives: ``tests/contract`` next to the generator package."""
    return Path(generator.__file__).resolve().parent.parent / "tests" / "contract"


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
        """Any test failed, or pytest itself did not finish cleanly, or nothing ran."""
        any_failure = any(FAILED in row.values() for row in self.outcomes.values())
        return any_failure or self.returncode != 0 or not self.outcomes


def run_contract(out: Path, *, keyword: str | None = None) -> ContractReport:
    """Run the contract suite on ``out/django_app`` and ``out/flask_app``."""
    out = Path(out).resolve()
    with tempfile.TemporaryDirectory(prefix="diptych-contract-") as scratch:
        junit = Path(scratch) / "junit.xml"
        command = [
            sys.executable,
            "-m",
            "pytest",
            str(contract_suite()),
            "--apps",
            str(out),
            f"--junitxml={junit}",
            "-q",
            "-p",
            "no:cacheprovider",
            *(["-k", keyword] if keyword else []),
        ]
        result = subprocess.run(
            command,
            cwd=contract_suite().parent.parent,
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
    report = run_contract(out, keyword=keyword)
    if report.outcomes:
        click.echo(table(report))
    if report.failed:
        if report.returncode not in (0, 1) or not report.outcomes:
            click.echo(report.output[-4000:], err=True)
        click.secho("The apps do not honour the contract.", fg="red", err=True)
        sys.exit(1)
    click.secho("Both apps honour the contract.", fg="green")
