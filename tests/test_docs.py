"""The project's own docs stay in step with the code, and nothing a user receives points outside.

``docs/spec.md`` is the reference of the spec format: every word the validator
knows must appear in it, every example in it must validate, and every example
marked ``<!-- bad -->`` must fail with exactly the output printed under it.
Together the broken examples reach every check of ``generator/validation/``
that reports a problem, so a new rule needs a documented example.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import PROJECT_URL
from generator import normalise
from generator import validation
from generator.errors import SpecError
from generator.loading import parse_spec
from generator.loading import read_spec
from generator.normalise import build_project
from generator.validation import check
from generator.validation import vocabulary
from generator.validation.report import Report

ROOT = Path(__file__).resolve().parent.parent
SPEC_MD = ROOT / "docs" / "spec.md"
CONTRACT_MD = ROOT / "docs" / "contract.md"
SPEC_TEXT = SPEC_MD.read_text(encoding="utf-8")
YAML_BLOCK = re.compile(r"(?P<mark><!-- bad -->\n)?```yaml\n(?P<body>.*?)```", re.DOTALL)
BAD_BLOCK = re.compile(
    r"<!-- bad -->\n```yaml\n(?P<body>.*?)```\n\n```text\n(?P<output>.*?)\n```", re.DOTALL
)
LINKED_DOCS = (
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    ROOT / "examples" / "README.md",
)
"""The Markdown a reader follows links in."""
USER_FILES = (
    "README.md",
    "docs",
    "templates",
    "generator",
    "examples",
    "tests",
    "benchmarks",
    "pyproject.toml",
    "copier.yml",
)
"""What someone who clones or renders the project receives (the tests and benchmarks too)."""
VALIDATION = ROOT / "generator" / "validation"


def quoted(word: object) -> str:
    """A name as the reference writes it: in backticks."""
    return f"`{word}`"


def section(title: str) -> str:
    """The text of one ``##`` section of docs/spec.md."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", SPEC_TEXT, re.M | re.S)
    assert match is not None, title
    return match.group(1)


def table_row(text: str, first_cell: str) -> str:
    """The Markdown table row whose first cell is ``first_cell``."""
    rows = [line for line in text.splitlines() if line.startswith(f"| {first_cell} |")]
    assert len(rows) == 1, (first_cell, rows)
    return rows[0]


def problems_of(text: str) -> str:
    """What ``diptych check`` prints for spec text: the SpecError message, or ''."""
    try:
        raw, lines = parse_spec(text)
        check(raw, lines)
    except SpecError as error:
        return error.message
    return ""


# --- the vocabulary -------------------------------------------------------------

OPTION_NAMES = sorted(
    {
        *vocabulary.COMMON_OPTIONS,
        *(o for options in vocabulary.TYPE_OPTIONS.values() for o in options),
    }
)
KEY_NAMES = sorted(
    {
        *vocabulary.TOP_LEVEL_KEYS,
        *vocabulary.ENTITY_KEYS,
        *vocabulary.ADMIN_KEYS,
        *vocabulary.API_KEYS,
        *vocabulary.API_READ,
        *vocabulary.API_WRITE,
        *vocabulary.ON_DELETE,
    }
)
RESERVED_NAMES = sorted(
    {
        *vocabulary.RESERVED_SLUGS,
        *(name for name in vocabulary.RESERVED_ENTITY_NAMES if name[:1].isupper()),
        *vocabulary.GENERATED_FIELDS,
        *vocabulary.RESERVED_ATTRIBUTES,
        *vocabulary.MODULE_NAMES,
        *vocabulary.RESERVED_PLURALS,
        *vocabulary.USER_ATTRIBUTES,
        *vocabulary.TIMESTAMP_FIELDS,
    }
)


@pytest.mark.parametrize("kind", vocabulary.FIELD_TYPES)
def test_every_field_type_has_a_row_in_the_type_table(kind: str) -> None:
    row = table_row(section("Field types"), quoted(kind))
    for option in vocabulary.TYPE_OPTIONS[kind]:
        assert quoted(option) in row, (kind, option)


@pytest.mark.parametrize("option", OPTION_NAMES)
def test_every_option_has_a_row_in_an_options_table(option: str) -> None:
    options = section("Field options")
    rows = [line for line in options.splitlines() if line.startswith("| ")]
    assert any(row.split("|")[1].count(quoted(option)) for row in rows), option


@pytest.mark.parametrize("name", KEY_NAMES)
def test_every_key_and_value_is_named(name: str) -> None:
    assert quoted(name) in SPEC_TEXT, name


@pytest.mark.parametrize("name", RESERVED_NAMES)
def test_every_reserved_name_is_listed(name: str) -> None:
    assert quoted(name) in SPEC_TEXT, name


@pytest.mark.parametrize(
    ("option", "kind"),
    [(option, kind) for option, kinds in vocabulary.FORBIDDEN_OPTIONS.items() for kind in kinds],
)
def test_every_forbidden_option_says_where_and_why(option: str, kind: str) -> None:
    row = table_row(section("Field options"), quoted(option))
    forbidden = row.split("|")[-2]
    assert quoted(kind) in forbidden, (option, kind)
    assert vocabulary.FORBIDDEN_OPTIONS[option][kind][0] in SPEC_TEXT, (option, kind)


def test_the_limits_are_the_validators() -> None:
    options = section("Field options")
    low, high = vocabulary.INTEGER_RANGE
    assert f"an integer from 1 to {vocabulary.MAX_LENGTH_LIMIT}" in options
    assert f"an integer from 1 to {vocabulary.MAX_DIGITS_LIMIT}" in options
    assert f"an integer from 0 to {vocabulary.MAX_DIGITS_LIMIT}" in options
    assert f"from {low} to {high}" in options
    assert f"at most {vocabulary.CHOICE_MAX_LENGTH} characters" in options
    for kind, length in vocabulary.DEFAULT_MAX_LENGTH.items():
        assert f"{length} (`{kind}`)" in options, kind
        assert f"default {length}" in table_row(section("Field types"), quoted(kind)), kind
    page_low, page_high = vocabulary.PAGE_SIZE_RANGE
    page_size = table_row(section("api"), "`page_size`")
    assert f"an integer from {page_low} to {page_high}" in page_size
    assert f"| {normalise.DEFAULT_PAGE_SIZE} |" in page_size


def test_the_name_patterns_are_the_validators() -> None:
    for pattern in (
        vocabulary.SLUG_PATTERN,
        vocabulary.ENTITY_NAME_PATTERN,
        vocabulary.FIELD_NAME_PATTERN,
        vocabulary.PLURAL_PATTERN,
    ):
        assert f"`^{pattern.pattern}$`" in SPEC_TEXT, pattern.pattern


def test_the_admin_lists_take_the_validators_types_and_defaults() -> None:
    text = section("display, ordering and admin")
    for key, allowed, defaults in (
        ("search", vocabulary.SEARCH_TYPES, normalise.SEARCH_TYPES),
        ("filter", vocabulary.FILTER_TYPES, normalise.FILTER_TYPES),
    ):
        may_name, default = table_row(text, quoted(key)).split("|")[3:5]
        assert re.findall(r"`(\w+)`", may_name) == list(allowed), key
        assert sorted(re.findall(r"`(\w+)`", default)) == sorted(defaults), key
    assert f"up to {normalise.ADMIN_LIST_EXTRA} more" in table_row(text, "`list`")


# --- the examples ---------------------------------------------------------------


def yaml_blocks() -> Iterator[Any]:
    for number, match in enumerate(YAML_BLOCK.finditer(SPEC_TEXT), start=1):
        yield pytest.param(match["body"], bool(match["mark"]), id=f"block{number}")


@pytest.mark.parametrize(("body", "bad"), list(yaml_blocks()))
def test_every_example_validates_unless_marked_bad(body: str, bad: bool) -> None:
    if bad:
        assert problems_of(body)
    else:
        assert problems_of(body) == ""
        build_project(parse_spec(body)[0])


def test_every_bad_example_prints_the_output_under_it() -> None:
    bad = list(BAD_BLOCK.finditer(SPEC_TEXT))
    assert len(bad) == SPEC_TEXT.count("<!-- bad -->") >= 10
    for match in bad:
        assert problems_of(match["body"]) == match["output"], match["body"]


def test_the_complete_example_is_the_bundled_bookshelf_spec() -> None:
    first = YAML_BLOCK.search(SPEC_TEXT)
    assert first is not None and not first["mark"]
    bundled, _ = read_spec(ROOT / "generator" / "specs" / "bookshelf.yml")
    assert yaml.safe_load(first["body"]) == bundled


def _reporting_checks() -> set[tuple[str, str]]:
    """(module, function) of every check in generator/validation that reports a problem."""
    found = set()
    for source in VALIDATION.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr == "add"
                and isinstance(call.func.value, ast.Name)
                and call.func.value.id == "report"
                for call in ast.walk(node)
            ):
                module = validation.__name__
                if source.stem != "__init__":
                    module = f"{module}.{source.stem}"
                found.add((module, node.name))
    return found


def test_the_bad_examples_reach_every_check_that_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    reached: set[tuple[str, str]] = set()
    add = Report.add

    def recording_add(self: Report, location: str, problem: str, hint: str = "") -> None:
        caller = sys._getframe(1)
        reached.add((caller.f_globals["__name__"], caller.f_code.co_name))
        add(self, location, problem, hint)

    monkeypatch.setattr(Report, "add", recording_add)
    for match in BAD_BLOCK.finditer(SPEC_TEXT):
        problems_of(match["body"])
    # a top level that is not a mapping stops at the YAML loader, before validate()
    unreachable = {(validation.__name__, "validate")}
    checks = _reporting_checks()
    assert len(checks) > 20
    assert checks - unreachable <= reached, sorted(checks - unreachable - reached)


# --- links ------------------------------------------------------------------------

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _anchor(heading: str) -> str:
    """GitHub's anchor of a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    return {_anchor(h) for h in re.findall(r"^#+ (.+)$", text, re.M)}


@pytest.mark.parametrize("doc", LINKED_DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves_inside_the_repository(doc: Path) -> None:
    links = LINK.findall(doc.read_text(encoding="utf-8"))
    relative = [link for link in links if not re.match(r"[a-z]+:", link)]
    assert relative, doc
    for link in relative:
        target, _, fragment = link.partition("#")
        path = (doc.parent / target).resolve() if target else doc
        assert path.is_relative_to(ROOT), link
        assert path.exists(), link
        if fragment and path.suffix == ".md":
            assert fragment in _anchors(path), link


def _user_files() -> Iterator[Path]:
    for name in USER_FILES:
        path = ROOT / name
        if path.is_file():
            yield path
            continue
        for found in path.rglob("*"):
            if found.is_file() and "__pycache__" not in found.parts:
                yield found


def test_nothing_a_user_receives_points_into_the_shared_folder() -> None:
    pointer = re.compile(r"\.\./shared\b|(?<![\w/.])shared/(?:SPEC|CONTRACT|STYLE|seed|notes)\b")
    offenders = []
    checked = 0
    for path in _user_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        checked += 1
        if pointer.search(text):
            offenders.append(str(path.relative_to(ROOT)))
    assert checked > 100
    assert offenders == []


def test_readme_points_to_the_projects_own_reference_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/spec.md)" in readme
    assert "](docs/contract.md)" in readme


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_generated_readmes_link_to_the_project_url(framework: str) -> None:
    template = ROOT / "templates" / f"{framework}_app" / "README.md.jinja"
    text = template.read_text(encoding="utf-8")
    assert "{{ model.diptych_url }}" in text
    assert "https://github.com/)" not in text
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", PROJECT_URL)


def test_the_contract_states_the_admin_policy_and_the_demo_addresses() -> None:
    contract = CONTRACT_MD.read_text(encoding="utf-8")
    assert "staff manage every entity; only superusers manage users and their flags" in contract
    assert "`<username>@example.com`" in contract


def test_every_error_status_of_the_contract_is_checked_by_the_contract_suite() -> None:
    contract = CONTRACT_MD.read_text(encoding="utf-8")
    errors = re.search(r"^## Errors\n(.*?)^## ", contract, re.M | re.S)
    assert errors is not None
    statuses = set(re.findall(r"^\| [^|]+ \| (\d{3}) \|", errors.group(1), re.M))
    assert {"400", "401", "403", "404", "405", "409", "415"} <= statuses
    suite = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "generator" / "contract_suite").glob("*.py")
    )
    for status in statuses:
        assert re.search(rf"\b{status}\b", suite), status


def test_every_variable_of_the_contract_is_read_by_both_apps() -> None:
    contract = CONTRACT_MD.read_text(encoding="utf-8")
    config = re.search(r"^## Configuration\n(.*?)^## ", contract, re.M | re.S)
    assert config is not None
    variables = re.findall(r"^\| `([A-Z_]+)` \|", config.group(1), re.M)
    assert len(variables) >= 5
    settings = {
        "django": ROOT
        / "templates"
        / "django_app"
        / "{{ model.site_package }}"
        / "settings.py.jinja",
        "flask": ROOT / "templates" / "flask_app" / "{{ model.slug }}" / "config.py.jinja",
    }
    for framework, path in settings.items():
        text = path.read_text(encoding="utf-8")
        for variable in variables:
            assert f'"{variable}"' in text, (framework, variable)


def test_the_known_differences_name_exactly_the_auth_routes_the_flask_app_lacks() -> None:
    """Django's auth URLs the Flask app does not route are the ones the section lists."""
    from tests.test_dead_code import AUTH_URLS

    section = CONTRACT_MD.read_text(encoding="utf-8").split("## Known differences", 1)[1]
    listed = set(re.findall(r"`/accounts/([^`]+)`", section))
    package = ROOT / "templates" / "flask_app" / "{{ model.slug }}"
    sources = "\n".join(path.read_text(encoding="utf-8") for path in package.glob("*.py*"))
    routes = {route.lstrip("/") for route in re.findall(r'@bp\.\w+\(\s*"([^"]+)"', sources)}
    assert "password_reset/" in routes  # the blueprints were read
    assert listed == set(AUTH_URLS) - routes
