"""Read a render (``OUT/django_app``, ``OUT/flask_app``) into one :class:`Comparison`.

The writers (:mod:`.html`, :mod:`.markdown`) only format what this module
collects, so the HTML page and the Markdown file always hold the same content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import DiptychError
from ..model import Project
from ..spec import project_from_answers
from .concepts import CHAPTERS
from .concepts import Chapter
from .concepts import Concept
from .concepts import concepts
from .evidence import Claim
from .evidence import Measured
from .evidence import SecurityRow
from .evidence import UnsafeSearch
from .evidence import claims
from .evidence import count_autodiscovered
from .evidence import parity_cases
from .evidence import security_rows
from .evidence import unsafe_searches
from .extract import Found
from .extract import Missing
from .extract import Snippet
from .figures import FEATURES
from .figures import LineCount
from .figures import Packages
from .figures import app_files
from .figures import line_counts
from .figures import read_packages
from .figures import snippet_lines
from .figures import unused_packages
from .locate import locate
from .performance import Bench
from .performance import read_bench

SIDES = ("django", "flask")

Tree = dict[str, "Tree"]
"""A folder: names to sub-folders; a file is an empty folder."""
ANSWERS = ".copier-answers.yml"


class NotARenderError(DiptychError):
    """The folder given to ``diptych compare`` holds no rendered apps."""

    def __init__(self, *, path: str) -> None:
        super().__init__(
            f"{path} has no django_app/ and flask_app/ with {ANSWERS}; "
            "render a spec there first: diptych render SPEC -o " + path
        )


@dataclass(frozen=True)
class Section:
    """One concept, with the code found on each side."""

    key: str
    title: str
    note: str
    django: tuple[Found, ...]
    flask: tuple[Found, ...]
    group: str
    chapter: str = ""
    tab: str = ""
    numbers: tuple[tuple[str, int], ...] = ()
    """The numbers the note was filled with, by name (each computed, none typed)."""

    @property
    def missing(self) -> list[tuple[str, Missing]]:
        return [
            (side, item)
            for side in SIDES
            for item in getattr(self, side)
            if isinstance(item, Missing)
        ]

    def lines(self, side: str) -> int:
        return snippet_lines([s for s in getattr(self, side) if isinstance(s, Snippet)])

    def link(self, side: str, item: Snippet) -> str:
        """The snippet's file, relative to the render folder (where the page is written)."""
        return f"{side}_app/{item.path}"


@dataclass(frozen=True)
class Part:
    """A chapter of the page with its sections: plain ones first, then the tabbed ones."""

    chapter: Chapter
    sections: tuple[Section, ...]

    @property
    def key(self) -> str:
        return self.chapter.key

    @property
    def title(self) -> str:
        return self.chapter.title

    @property
    def plain(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if not s.tab)

    @property
    def tabs(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.tab)


@dataclass(frozen=True)
class FeatureRow:
    feature: str
    django: tuple[str, ...]
    flask: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    """Everything the comparison page shows, measured on one render."""

    project: Project
    trees: dict[str, str]
    sections: tuple[Section, ...]
    lines: dict[str, dict[str, LineCount]]
    packages: dict[str, Packages | None]
    features: tuple[FeatureRow, ...]
    security: tuple[SecurityRow, ...]
    claims: tuple[Claim, ...]
    bench: Bench | None = None
    unused: dict[str, tuple[str, ...]] | None = None
    """Declared runtime packages that no file of the app names, per side."""
    unsafe: tuple[UnsafeSearch, ...] = ()

    @property
    def parts(self) -> tuple[Part, ...]:
        """The chapters in reading order, each with its sections."""
        return tuple(
            Part(chapter, tuple(s for s in self.sections if s.chapter == chapter.key))
            for chapter in CHAPTERS
        )

    @property
    def missing(self) -> list[tuple[str, str, Missing]]:
        """``(section key, side, what)`` for every concept not found in this render."""
        return [(s.key, side, item) for s in self.sections for side, item in s.missing]

    def group_lines(self) -> dict[str, dict[str, int]]:
        groups: dict[str, dict[str, int]] = {}
        for section in self.sections:
            row = groups.setdefault(section.group, dict.fromkeys(SIDES, 0))
            for side in SIDES:
                row[side] += section.lines(side)
        return groups


def read_project(out: Path) -> Project:
    """The spec model saved in the render's answers file."""
    for side in SIDES:
        answers = out / f"{side}_app" / ANSWERS
        if answers.is_file():
            return project_from_answers(yaml.safe_load(answers.read_text(encoding="utf-8")))
    raise NotARenderError(path=str(out))


def build(out: Path) -> Comparison:
    """Collect the sections and figures of the render in ``out``."""
    out = Path(out)
    apps = {side: out / f"{side}_app" for side in SIDES}
    if not all(app.is_dir() for app in apps.values()):
        raise NotARenderError(path=str(out))
    project = read_project(out)
    sections = tuple(_section(c, apps) for c in concepts(project))
    packages = {side: read_packages(app) for side, app in apps.items()}
    unused = {
        side: unused_packages(app, found) if (found := packages[side]) else ()
        for side, app in apps.items()
    }
    lines = {side: line_counts(app) for side, app in apps.items()}
    security = security_rows(apps["django"], apps["flask"], project)
    bench = read_bench(out)
    draft = Comparison(project, {}, sections, lines, packages, (), tuple(security), ())
    measured = Measured(
        lines,
        packages,
        draft.group_lines(),
        {s.key: {side: s.lines(side) for side in SIDES} for s in sections},
        security,
        {side: count_autodiscovered(app) for side, app in apps.items()},
        bench,
        unused,
        parity_cases(),
    )
    return Comparison(
        project,
        {side: file_tree(app) for side, app in apps.items()},
        sections,
        lines,
        packages,
        feature_rows(packages, unused),
        tuple(security),
        tuple(claims(measured)),
        bench,
        unused,
        tuple(unsafe_searches(apps["django"], apps["flask"])),
    )


def _section(concept: Concept, apps: dict[str, Path]) -> Section:
    """One concept located in both apps, its note filled with the numbers measured."""
    found = {side: tuple(locate(apps[side], getattr(concept, side))) for side in SIDES}
    numbers = dict(concept.numbers)
    for side in SIDES:
        snippets = [item for item in found[side] if isinstance(item, Snippet)]
        numbers[f"{side}_lines"] = snippet_lines(snippets)
        numbers[f"{side}_first"] = snippet_lines(snippets[:1])
    used = set(re.findall(r"\{(\w+)\}", concept.note))
    note = re.sub(
        r"\{(\w+)\}",
        lambda m: str(numbers[m[1]]) if m[1] in numbers else m[0],
        concept.note,
    )
    return Section(
        concept.key,
        concept.title,
        note,
        found["django"],
        found["flask"],
        concept.figure_group,
        concept.chapter,
        concept.tab,
        tuple((name, value) for name, value in numbers.items() if name in used),
    )


def feature_rows(
    packages: dict[str, Packages | None], unused: dict[str, tuple[str, ...]] | None = None
) -> tuple[FeatureRow, ...]:
    """Which declared packages, named by the app's files, provide each feature, per side."""
    unused = unused or {}

    def on(side: str, feature: str) -> tuple[str, ...]:
        found = packages.get(side)
        if not found:
            return ()
        return tuple(p for p in found.for_feature(feature) if p not in unused.get(side, ()))

    rows = [FeatureRow(f, on("django", f), on("flask", f)) for f in FEATURES]
    unmapped = {side: p.unmapped if p else () for side, p in packages.items()}
    if any(unmapped.values()):
        rows.append(FeatureRow("other", unmapped.get("django", ()), unmapped.get("flask", ())))
    return tuple(rows)


def file_tree(app: Path) -> str:
    """The app's files as an indented tree, directories first, like ``tree``."""
    paths = [path.relative_to(app) for path in app_files(app)]
    root: Tree = {}
    for path in paths:
        node = root
        for part in path.parts:
            node = node.setdefault(part, {})
    lines = [f"{app.name}/"]
    _tree_lines(root, "", lines)
    return "\n".join(lines)


def _tree_lines(node: Tree, prefix: str, lines: list[str]) -> None:
    names = sorted(node, key=lambda name: (not node[name], name))
    for index, name in enumerate(names):
        last = index == len(names) - 1
        child = node[name]
        lines.append(f"{prefix}{'└── ' if last else '├── '}{name}{'/' if child else ''}")
        if child:
            _tree_lines(child, prefix + ("    " if last else "│   "), lines)
