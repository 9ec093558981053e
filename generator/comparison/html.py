"""Write ``comparison.html``: one self-contained page (inline CSS, no scripts, no fetches)."""

from __future__ import annotations

import html as html_lib
import re
from functools import lru_cache

import jinja2
from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from . import text
from .build import Comparison
from .extract import Snippet
from .figures import KINDS
from .performance import NOT_MEASURED
from .performance import PERFORMANCE_NOTE

STYLE = "friendly"


def render_html(comparison: Comparison) -> str:
    """The whole page as a string."""
    project = comparison.project
    return _template().render(
        c=comparison,
        project=project,
        text=text,
        layout_note=text.LAYOUT_NOTE.format(site=project.site_package, slug=project.slug),
        pygments_css=HtmlFormatter(style=STYLE, cssclass="hl").get_style_defs(".hl"),
        sides=(("django", "Django"), ("flask", "Flask")),
        kinds=(*KINDS, "total"),
        performance_note=PERFORMANCE_NOTE,
        not_measured=NOT_MEASURED,
    )


def code(snippet: Snippet) -> Markup:
    """A snippet highlighted by Pygments, each line numbered as in its file."""
    lines = highlight(snippet.text + "\n", _lexer(snippet.language), _FORMATTER).split("\n")
    width = len(str(snippet.end))
    numbered = "\n".join(
        f'<span class="linenos">{number:>{width}}</span>{line}'
        for number, line in enumerate(lines[: snippet.end - snippet.start + 1], snippet.start)
    )
    return Markup(f'<div class="hl"><pre>{numbered}</pre></div>')


# nowrap: one formatter for every snippet; Pygments closes its spans at each line end
_FORMATTER = HtmlFormatter(style=STYLE, nowrap=True)


@lru_cache(maxsize=32)
def _lexer(language: str) -> Lexer:
    try:
        return get_lexer_by_name(language)
    except ClassNotFound:
        return get_lexer_by_name("text")


def prose(value: str) -> Markup:
    """Paragraphs from plain text, with `backticks` as code."""
    paragraphs = []
    for paragraph in value.split("\n\n"):
        escaped = html_lib.escape(paragraph.strip())
        escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
        paragraphs.append(f"<p>{escaped}</p>")
    return Markup("\n".join(paragraphs))


def number(value: float | None, digits: int = 2) -> str:
    """A figure with ``digits`` decimals, or a dash when it was not measured."""
    return "—" if value is None else f"{value:.{digits}f}"


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.comparison", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["code"] = code
    env.filters["prose"] = prose
    env.filters["number"] = number
    env.tests["snippet"] = lambda value: isinstance(value, Snippet)
    return env.get_template("comparison.html.jinja")
