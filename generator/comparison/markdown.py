"""Write ``COMPARISON.md``: the same content as the HTML page, readable on GitHub."""

from __future__ import annotations

import re

from . import text
from .build import Comparison
from .build import Section
from .extract import Snippet
from .figures import KINDS

SIDES = (("django", "Django"), ("flask", "Flask"))
ROWS = (*KINDS, "total")
MD_LANGUAGES = {"html+django": "html+django", "text": "text"}


def render_markdown(c: Comparison) -> str:
    """The whole document as a string."""
    project = c.project
    out = [f"# {project.name}: Django and Flask side by side", ""]
    if project.description:
        out += [f"*{project.description}*", ""]
    out += [text.INTRO, ""]
    if c.missing:
        out += [
            f"> **{len(c.missing)} piece(s) of code were not found in this render**; "
            "they are marked below.",
            "",
        ]
    out += ["## Contents", "", "- [Project layout](#project-layout)"]
    out += [f"- [{s.title}](#{_anchor(s.title)})" for s in c.sections]
    out += ["- [Figures and claims](#figures-and-claims)", ""]
    out += [
        "## Project layout",
        "",
        text.LAYOUT_NOTE.format(site=project.site_package, slug=project.slug),
        "",
    ]
    for side, label in SIDES:
        out += [f"### {label}", "", *_fence(c.trees[side], "text"), ""]
    for section in c.sections:
        out += _section(section)
    out += _figures(c)
    return "\n".join(out).rstrip() + "\n"


def _section(section: Section) -> list[str]:
    out = [f"## {section.title}", "", section.note, ""]
    for side, label in SIDES:
        out += [f"### {label}", ""]
        for item in getattr(section, side):
            if isinstance(item, Snippet):
                out += [f"`{item.caption}` · {item.label}", ""]
                out += [*_fence(item.text, MD_LANGUAGES.get(item.language, item.language)), ""]
            else:
                out += [f"> **Not found in this render:** {item.wanted}", ""]
    return out


def _figures(c: Comparison) -> list[str]:
    out = ["## Figures and claims", "", text.FIGURES_NOTE, "", "### Files and lines of code", ""]
    out += _table(
        ["kind", "Django files", "Django lines", "Flask files", "Flask lines"],
        [
            [
                kind,
                *(
                    str(getattr(c.lines[side][kind], attr))
                    for side, _ in SIDES
                    for attr in ("files", "lines")
                ),
            ]
            for kind in ROWS
        ],
    )
    out += ["### Lines per concept", "", text.CONCEPT_LINES_NOTE, ""]
    out += _table(
        ["concept", "Django lines", "Flask lines"],
        [[s.title, str(s.lines("django")), str(s.lines("flask"))] for s in c.sections],
    )
    out += ["### Third-party packages per feature", "", text.PACKAGES_NOTE, ""]
    rows = [[r.feature, ", ".join(r.django) or "—", ", ".join(r.flask) or "—"] for r in c.features]
    rows.append(
        [
            "all runtime packages",
            *(
                f"{len(p.runtime)}: {', '.join(p.runtime)}"
                if (p := c.packages[side])
                else "**no pyproject.toml found in this render**"
                for side, _ in SIDES
            ),
        ]
    )
    rows.append(
        [
            "development and test tools",
            *(
                ", ".join(p.development) or "—" if (p := c.packages[side]) else "—"
                for side, _ in SIDES
            ),
        ]
    )
    out += _table(["feature", "Django app", "Flask app"], rows)
    out += ["### Security features", "", text.SECURITY_NOTE, ""]
    out += _table(
        ["protection", "framework default", "Django app", "Flask app"],
        [[r.name, r.default, _cell_code(r.django), _cell_code(r.flask)] for r in c.security],
    )
    out += ["### Claims checked", "", text.CLAIMS_NOTE, ""]
    out += _table(
        ["topic", "the claim", "evidence from this render", "still to measure"],
        [[cl.topic, cl.claim, cl.evidence, cl.to_measure] for cl in c.claims],
    )
    return out


def _cell_code(value: str) -> str:
    if not value:
        return "not found"
    return value if value == "none found" or value.startswith("found at") else f"`{value}`"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    def cells(values: list[str]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|").replace("\n", " ") for v in values) + " |"

    return [cells(header), "|" + "---|" * len(header), *(cells(row) for row in rows), ""]


def _fence(body: str, language: str) -> list[str]:
    """A fenced block whose fence is longer than any backtick run inside."""
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{language}", body, fence]


def _anchor(title: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces as dashes."""
    slug = re.sub(r"[^\w\- ]", "", title.lower())
    return slug.replace(" ", "-")
