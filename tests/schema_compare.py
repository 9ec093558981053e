"""Reflect a migrated Django or Flask database and compare the two schemas.

``describe`` reads a database with SQLAlchemy's inspector (SQLite or
PostgreSQL) and writes its entity and link tables as sorted text lines, with
names normalised to the Flask side's (Django's ``<app>_<model>`` tables become
the entity's table) and types reduced to families. ``compare`` returns a
unified diff of the two descriptions, empty when they agree.

The differences the two ORMs make on purpose are normalised away here, each
named in ``EXPECTED_DIFFERENCES`` so a reader learns them:
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from generator.model import Entity
from generator.model import Project

EXPECTED_DIFFERENCES = {
    "link-table-key": (
        "Django keys a link table by a surrogate `id`, with a unique (source, target) pair "
        "and an index on each column; Flask keys it by the pair itself."
    ),
    "on-delete-in-python": (
        "Django 5.2 enforces on_delete in Python (the Collector), so its foreign keys carry "
        "no ON DELETE rule; Flask puts the rule in the database."
    ),
    "integer-width": (
        "Django's ids and foreign keys are BIGINT (BigAutoField); SQLAlchemy's Integer is "
        "INTEGER: both are the integer family here."
    ),
    "like-index": (
        "On PostgreSQL Django adds a varchar_pattern_ops `_like` index beside each indexed or "
        "unique string column, for LIKE queries."
    ),
    "sqlite-decimal": "Django declares SQLite decimals without precision (SQLite ignores it).",
    "sqlite-json": (
        "On SQLite Django declares a JSONField as text with a JSON_VALID check, SQLAlchemy "
        "as JSON: SQLite stores both as text."
    ),
}
__doc__ += "".join(f"\n- {key}: {text}" for key, text in EXPECTED_DIFFERENCES.items())


@dataclass(frozen=True)
class Names:
    """Every table of a framework's database, mapped to its normalised (Flask) name."""

    tables: dict[str, str]
    links: frozenset[str]
    """Normalised names of the m2m link tables."""


def table_names(project: Project, framework: str) -> Names:
    """The framework's table names for ``project``'s entities and links, and their norm."""
    tables: dict[str, str] = {}
    links = set()
    for entity in project.entities:
        tables[_table(project, entity, framework)] = entity.table
        for field in entity.m2ms:
            link = entity.m2m_table(field).name
            prefix = f"{project.slug}_" if framework == "django" else ""
            tables[prefix + _django_link(entity, field.name, framework)] = link
            links.add(link)
    tables[f"{project.slug}_user" if framework == "django" else "user"] = "user"
    return Names(tables, frozenset(links))


def _table(project: Project, entity: Entity, framework: str) -> str:
    return f"{project.slug}_{entity.name.lower()}" if framework == "django" else entity.table


def _django_link(entity: Entity, field: str, framework: str) -> str:
    owner = entity.name.lower() if framework == "django" else entity.snake
    return f"{owner}_{field}"


def engine_url(database_url: str) -> str:
    """A DATABASE_URL as the apps take it, with the psycopg 3 driver SQLAlchemy needs."""
    for scheme in ("postgres://", "postgresql://"):
        if database_url.startswith(scheme):
            return "postgresql+psycopg://" + database_url.removeprefix(scheme)
    return database_url


def describe(database_url: str, project: Project, framework: str) -> list[str]:
    """The entity and link tables of a migrated database, one sorted line per fact."""
    names = table_names(project, framework)
    engine = sa.create_engine(engine_url(database_url))
    try:
        with engine.connect() as connection:
            inspector = sa.inspect(connection)
            present = set(inspector.get_table_names())
            missing = sorted(name for name in names.tables if name not in present)
            lines = [f"missing table {names.tables[name]}" for name in missing]
            for actual, norm in sorted(names.tables.items(), key=lambda item: item[1]):
                if actual in present and norm != "user":
                    table = _Reflected(inspector, actual, norm, names, framework)
                    lines += table.lines()
    finally:
        engine.dispose()
    return lines


class _Reflected:
    """One table as the inspector sees it, described in normalised lines."""

    def __init__(
        self, inspector: Any, actual: str, norm: str, names: Names, framework: str
    ) -> None:
        self.inspector = inspector
        self.actual = actual
        self.norm = norm
        self.names = names
        self.framework = framework
        self.dialect = inspector.dialect.name
        self.is_link = norm in names.links
        self.columns = inspector.get_columns(actual)
        self.primary_key = tuple(inspector.get_pk_constraint(actual)["constrained_columns"])

    def lines(self) -> list[str]:
        head = f"{self.norm}:"
        facts = [*self._columns(), *self._keys(), *self._foreign_keys(), *self._indexes()]
        return [f"{head} {fact}" for fact in sorted(facts)]

    def _columns(self) -> list[str]:
        facts = []
        for column in self.columns:
            name = column["name"]
            if self.is_link and name == "id" and self.framework == "django":
                continue  # link-table-key
            facts.append(f"column {name} {self._column(column)}")
        return facts

    def _column(self, column: dict[str, Any]) -> str:
        family = type_family(column["type"], self.dialect)
        text = family + ("" if column["nullable"] else " NOT NULL")
        if column["name"] in self.primary_key and not self.is_link:
            return text + " PRIMARY KEY"
        default = normalise_default(column.get("default"), family)
        return text + (f" DEFAULT {default}" if default is not None else "")

    def _keys(self) -> list[str]:
        """The key and the unique column sets (from constraints and unique indexes)."""
        uniques = {
            tuple(constraint["column_names"])
            for constraint in self.inspector.get_unique_constraints(self.actual)
        }
        for index in self._raw_indexes():
            if index["unique"]:
                uniques.add(tuple(index["column_names"]))
        uniques.discard(self.primary_key)
        if self.is_link:
            key = sorted(uniques)[0] if self.framework == "django" else self.primary_key
            uniques.discard(key)  # link-table-key
            return [f"key ({', '.join(key)})", *(f"unique ({', '.join(u)})" for u in uniques)]
        return [f"unique ({', '.join(columns)})" for columns in uniques]

    def _foreign_keys(self) -> list[str]:
        facts = []
        for key in self.inspector.get_foreign_keys(self.actual):
            target = self.names.tables.get(key["referred_table"], key["referred_table"])
            on_delete = (key.get("options") or {}).get("ondelete")
            if on_delete is None and self.framework == "django":
                on_delete = "in Python"  # on-delete-in-python
            elif on_delete is not None and self.framework == "flask":
                on_delete = on_delete.upper()
            facts.append(
                f"foreign key ({', '.join(key['constrained_columns'])}) -> "
                f"{target} ({', '.join(key['referred_columns'])}) ON DELETE {on_delete}"
            )
        return facts

    def _raw_indexes(self) -> list[dict[str, Any]]:
        options = {"include_auto_indexes": True} if self.dialect == "sqlite" else {}
        indexes = self.inspector.get_indexes(self.actual, **options)
        return [index for index in indexes if "duplicates_constraint" not in index]

    def _indexes(self) -> list[str]:
        facts = set()
        for index in self._raw_indexes():
            columns = tuple(index["column_names"])
            if index["unique"]:
                continue
            if self.framework == "django" and index["name"].endswith("_like"):
                continue  # like-index
            if self.is_link and self.framework == "django":
                continue  # link-table-key
            facts.add(f"index ({', '.join(columns)})")
        return sorted(facts)


def type_family(column_type: Any, dialect: str) -> str:
    """A reflected type as a family: ``string(200)``, ``decimal(6, 2)``, ``integer``..."""
    name = type(column_type).__name__.upper()
    if dialect == "sqlite" and isinstance(column_type, sa.JSON):
        return "text"  # sqlite-json
    if isinstance(column_type, sa.Boolean) or name in ("BOOL", "BOOLEAN"):
        return "boolean"
    if isinstance(column_type, sa.Integer):
        return "integer"  # integer-width
    if isinstance(column_type, sa.Numeric) and not isinstance(column_type, sa.Float):
        if dialect == "sqlite":
            return "decimal"  # sqlite-decimal
        return f"decimal({column_type.precision}, {column_type.scale})"
    if isinstance(column_type, sa.Float | sa.REAL) or name in ("DOUBLE", "DOUBLE_PRECISION"):
        return "float"
    if isinstance(column_type, sa.DateTime):
        return "datetime" + (" with time zone" if dialect != "sqlite" else "")
    if isinstance(column_type, sa.Date):
        return "date"
    if isinstance(column_type, sa.Text) and not column_type.length:
        return "text"
    if isinstance(column_type, sa.String):
        return f"string({column_type.length})" if column_type.length else "text"
    return name.lower()


_CAST = re.compile(r"::[a-z ]+(\(\d+(, *\d+)?\))?$")
_SQL_CAST = re.compile(r"^CAST\((.*) AS [A-Za-z ]+(\(\d+(, *\d+)?\))?\)$", re.DOTALL)


def normalise_default(default: str | None, family: str) -> str | None:
    """A reflected server default as a plain literal: ``'fiction'``, ``0.00``, ``true``."""
    if default is None:
        return None
    text = default.strip()
    while text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    text = _CAST.sub("", _SQL_CAST.sub(r"\1", text)).strip()
    if family == "boolean":
        return {"0": "false", "1": "true"}.get(text.strip("'").lower(), text.strip("'").lower())
    if family.startswith(("integer", "float", "decimal")):
        return text.strip("'")
    if text.startswith("'") and text.endswith("'"):
        return text
    return f"'{text}'"


IN_PYTHON = " ON DELETE in Python"


def on_delete_rules(lines: list[str]) -> dict[str, str]:
    """Each foreign key line's on-delete rule, by the line up to ``ON DELETE``."""
    rules = {}
    for line in lines:
        head, found, rule = line.rpartition(" ON DELETE ")
        if found and " foreign key " in head:
            rules[head] = rule
    return rules


def compare(django: list[str], flask: list[str]) -> str:
    """A unified diff of the two descriptions; empty when the schemas are the same.

    Where Django keeps a rule in Python (on-delete-in-python), the Flask rule is
    not compared here: ``spec_on_delete_rules`` checks it against the spec.
    """
    in_python = {head for head, rule in on_delete_rules(django).items() if rule == "in Python"}
    flask = [
        line.rpartition(" ON DELETE ")[0] + IN_PYTHON
        if line.rpartition(" ON DELETE ")[0] in in_python
        else line
        for line in flask
    ]
    diff = difflib.unified_diff(django, flask, fromfile="django", tofile="flask", lineterm="", n=2)
    return "\n".join(diff)


SQL_ON_DELETE = {"cascade": "CASCADE", "protect": "RESTRICT", "set_null": "SET NULL"}


def spec_on_delete_rules(project: Project) -> dict[str, str]:
    """The rule each foreign key should carry in the database, from the spec."""
    rules = {}
    for entity in project.entities:
        for field in entity.fks:
            target = "user" if field.targets_user else project.entity(field.target).table
            rules[f"{entity.table}: foreign key ({field.column}) -> {target} (id)"] = SQL_ON_DELETE[
                field.on_delete
            ]
        if entity.owner:
            rules[f"{entity.table}: foreign key (owner_id) -> user (id)"] = "CASCADE"
        for field in entity.m2ms:
            link = entity.m2m_table(field)
            target = "user" if field.targets_user else project.entity(field.target).table
            rules[f"{link.name}: foreign key ({link.source_column}) -> {entity.table} (id)"] = (
                "CASCADE"
            )
            rules[f"{link.name}: foreign key ({link.target_column}) -> {target} (id)"] = "CASCADE"
    return rules


def assert_same_schema(django_url: str, flask_url: str, project: Project) -> None:
    """Fail with a readable diff when the Django and Flask databases differ.

    The Flask database's on-delete rules are checked against the spec as well,
    since Django's database has none to compare them with.
    """
    flask = describe(flask_url, project, "flask")
    diff = compare(describe(django_url, project, "django"), flask)
    assert not diff, (
        "the Django and Flask databases differ (lines without a mark are context):\n" + diff
    )
    assert on_delete_rules(flask) == spec_on_delete_rules(project)
