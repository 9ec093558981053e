"""Write ``COMPARISON.md``: the same content as the HTML page, readable on GitHub.

Markdown has no switcher, so a chapter's per-entity sections follow one another
under its shared introduction, which is written once.
"""

from __future__ import annotations

import re

from . import text
from .build import Comparison
from .build import Part
from .build import Section
from .extract import Snippet
from .figures import KINDS
from .performance import NOT_MEASURED
from .performance import PERFORMANCE_NOTE

SIDES = (("django", "Django"), ("flask", "Flask"))
ROWS = (*KINDS, "total")
MD_LANGUAGES = {"html+django": "html+django", "text": "text"}


def render_markdown(c: Comparison) -> str:
    """The whole document as a string."""
    project = c.project
    out = [f"# {project.name}: Django and Flask side by side", ""]
    if project.description:
        out += [f"*{project.description}*", ""]
    out += [text.INTRO, "", "**How to read this page.** " + text.HOW_TO_READ, ""]
    if c.missing:
        out += [
            f"> **{len(c.missing)} piece(s) of code were not found in this render**; "
            "they are marked below.",
            "",
        ]
    out += ["## Contents", ""]
    for part in c.parts:
        out.append(f"- [{part.title}](#{_anchor(part.title)})")
        if len(part.plain) > 1:
            out += [f"  - [{s.title}](#{_anchor(s.title)})" for s in part.plain]
    out.append("")
    for part in c.parts:
        out += _part(c, part)
    return "\n".join(out).rstrip() + "\n"


def _part(c: Comparison, part: Part) -> list[str]:
    out = [f"## {part.title}", ""]
    if part.chapter.intro:
        out += [part.chapter.intro, ""]
    if part.key == "layout":
        out += [text.LAYOUT_NOTE.format(site=c.project.site_package, slug=c.project.slug), ""]
        for side, label in SIDES:
            out += [f"#### {label}", "", *_fence(c.trees[side], "text"), ""]
    for section in (*part.plain, *part.tabs):
        out += _section(section)
    if part.key == "security":
        out += _security(c)
    if part.key == "performance":
        out += _performance(c)
    if part.key == "figures":
        out += _figures(c)
    return out


def _section(section: Section) -> list[str]:
    out = [f"### {section.title}", "", section.note, ""]
    for side, label in SIDES:
        out += [f"#### {label}", ""]
        for item in getattr(section, side):
            if isinstance(item, Snippet):
                out += [f"[`{item.caption}`]({section.link(side, item)}) · {item.label}", ""]
                out += [*_fence(item.text, MD_LANGUAGES.get(item.language, item.language)), ""]
            else:
                out += [f"> **Not found in this render:** {item.wanted}", ""]
    return out


def _place(side: str, value: str) -> str:
    if not value:
        return "not found"
    return f"[`{value}`]({side}_app/{value.split(':')[0]})"


def _security(c: Comparison) -> list[str]:
    out = [f"### {text.SECURITY_TITLE}", "", text.SECURITY_NOTE, ""]
    out += _table(
        list(text.SECURITY_COLUMNS),
        [
            [
                r.name,
                r.django_gives,
                r.flask_gives,
                r.flask_adds,
                r.flask_with,
                _place("django", r.django),
                _place("flask", r.flask),
            ]
            for r in c.security
        ],
    )
    out += ["### Unsafe constructs searched for", "", text.UNSAFE_NOTE, ""]
    out += _table(
        ["construct", "Django app", "Flask app"], [[r.name, r.django, r.flask] for r in c.unsafe]
    )
    return out


def _number(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _performance(c: Comparison) -> list[str]:
    bench = c.bench
    if bench is None:
        return [NOT_MEASURED, ""]
    out = [PERFORMANCE_NOTE, ""]
    out += [
        f"- measured: {bench.date}, {bench.db}, {bench.workers} gunicorn workers, "
        f"{bench.connections} connections, {bench.duration:g} s per endpoint, "
        f"{bench.bulk} rows per entity",
        f"- machine: {bench.machine}",
        "- versions: " + ", ".join(f"{k} {v}" for k, v in bench.versions.items()),
        f"- reproduce: `{bench.command}`",
        "",
    ]
    out += _table(
        [
            "endpoint",
            "Flask ÷ Django req/s",
            "Django ÷ its minimal",
            "Flask ÷ its minimal",
            "Django req/s",
            "Flask req/s",
            "Django p50 ms",
            "Flask p50 ms",
        ],
        [
            [
                ("[floor] " if row.floor else "") + row.label,
                _number(row.flask_over_django),
                _number(row.over_minimal["django"]),
                _number(row.over_minimal["flask"]),
                _number(row.rps["django"], 0),
                _number(row.rps["flask"], 0),
                _number(row.p50_ms["django"], 1),
                _number(row.p50_ms["flask"], 1),
            ]
            for row in bench.rows
        ],
    )
    rss, cold = bench.peak_rss_mib, bench.cold_start_s
    out += [
        f"Peak memory per worker: Django {rss['django']:.0f} MiB, Flask {rss['flask']:.0f} MiB. "
        f"Cold start: Django {cold['django']:.2f} s, Flask {cold['flask']:.2f} s.",
        "",
    ]
    return out


def _figures(c: Comparison) -> list[str]:
    out = [text.FIGURES_NOTE, "", "### Files and lines of code", ""]
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
    unused = c.unused or {}
    rows.append(
        [
            "declared, but used by no file of the app",
            *(", ".join(unused.get(side, ())) or "—" for side, _ in SIDES),
        ]
    )
    for label, attr in (
        ("optional extras", "extras"),
        ("development and test tools", "development"),
    ):
        rows.append(
            [
                label,
                *(
                    ", ".join(getattr(p, attr)) or "—" if (p := c.packages[side]) else "—"
                    for side, _ in SIDES
                ),
            ]
        )
    out += _table(["feature", "Django app", "Flask app"], rows)
    out += ["### Claims checked", "", text.CLAIMS_NOTE, ""]
    out += _table(
        ["topic", "the claim", "evidence from this render", "not measured here"],
        [[cl.topic, cl.claim, cl.evidence, cl.to_measure] for cl in c.claims],
    )
    return out


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
