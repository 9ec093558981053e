"""``diptych diff OLD NEW``: a spec change shown concept by concept, Django beside Flask."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.diff import UNCHANGED
from generator.diff import Change
from generator.diff import render_html
from generator.diff import terminal_text
from generator.spec import bundled_spec
from tests.browser import chromium


def test_terminal_text_puts_django_left_and_flask_right() -> None:
    change = Change("model", "Model", "+ title = CharField()", "+ title: Mapped[str]")
    lines = terminal_text([change], width=81).splitlines()
    assert lines[0].startswith("== Model ")
    assert [cell.strip() for cell in lines[1].split("|")] == ["Django", "Flask"]
    assert [cell.strip() for cell in lines[3].split("|")] == [
        "+ title = CharField()",
        "+ title: Mapped[str]",
    ]
    assert all(len(line) <= 81 for line in lines)


def test_long_lines_wrap_within_their_column() -> None:
    change = Change("api", "API", "x" * 100, UNCHANGED)
    lines = terminal_text([change], width=61).splitlines()[3:]
    left = [line.split("|")[0].strip() for line in lines]
    assert left == ["x" * 30, "x" * 30, "x" * 30, "x" * 10]
    assert lines[0].split(" | ")[1] == UNCHANGED


def test_html_escapes_the_code_and_marks_added_lines() -> None:
    change = Change("model", "Model", "+ help = '<b>'", "- gone")
    page = render_html([change], "old.yml", "new.yml")
    assert '<span class="add">+ help = &#x27;&lt;b&gt;&#x27;</span>' in page
    assert '<span class="del">- gone</span>' in page
    assert "<script" not in page and "http" not in page.split("<main>")[1]


@dataclass
class DiffRun:
    output: str
    html: Path


@pytest.fixture(scope="module")
def blog_plus_a_field(tmp_path_factory: pytest.TempPathFactory) -> DiffRun:
    """``diptych diff`` from the blog spec to the blog spec with one optional field more."""
    folder = tmp_path_factory.mktemp("diff")
    spec = yaml.safe_load(bundled_spec("blog").read_text())
    spec["entities"]["Post"]["fields"]["subtitle"] = {
        "type": "string",
        "max_length": 120,
        "required": False,
    }
    new = folder / "blog-subtitle.yml"
    new.write_text(yaml.safe_dump(spec, sort_keys=False))
    html = folder / "diff.html"
    result = CliRunner().invoke(
        main,
        ["diff", str(bundled_spec("blog")), str(new), "-o", str(html)],
        env={"COLUMNS": "200"},  # a terminal wide enough that no model line wraps
    )
    assert result.exit_code == 0, result.output
    return DiffRun(result.output, html)


def _section(output: str, title: str) -> list[tuple[str, str]]:
    """The (Django, Flask) cells of one section of the terminal text."""
    lines = output.split(f"== {title} ")[1].split("\n== ")[0].splitlines()[3:]
    cells = [line.split(" |", 1) for line in lines]
    return [(cell[0], cell[1].strip() if len(cell) > 1 else "") for cell in cells]


@pytest.mark.slow
def test_diff_shows_the_new_field_in_both_frameworks(blog_plus_a_field: DiffRun) -> None:
    model = _section(blog_plus_a_field.output, "Model")
    assert any("+    subtitle = models.CharField(max_length=120" in dj for dj, _ in model)
    assert any("+    subtitle: Mapped[str] = mapped_column(String(120)" in fl for _, fl in model)
    migration = _section(blog_plus_a_field.output, "Migration")
    assert any("Add field subtitle to post" in dj for dj, _ in migration)
    assert any("add_column(sa.Column('subtitle'" in fl for _, fl in migration)
    schema = _section(blog_plus_a_field.output, "Serializer / schema")
    assert any('"subtitle"' in dj for dj, _ in schema)
    assert any("subtitle = " in fl for _, fl in schema)
    openapi = _section(blog_plus_a_field.output, "OpenAPI document")
    assert any('"subtitle"' in dj for dj, _ in openapi)
    assert ".copier-answers.yml" not in blog_plus_a_field.output
    assert "0001_initial" not in "".join(dj for dj, _ in migration if dj.startswith("---"))
    assert f"wrote {blog_plus_a_field.html}" in blog_plus_a_field.output


@pytest.mark.slow
@pytest.mark.impure
def test_diff_html_shows_both_sides_in_chromium(blog_plus_a_field: DiffRun) -> None:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        requests: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(blog_plus_a_field.html.resolve().as_uri(), wait_until="load")
        for section in ("model", "migration", "admin", "schema", "api", "openapi"):
            django = page.locator(f"#{section} .side.django")
            flask = page.locator(f"#{section} .side.flask")
            left, right = django.bounding_box(), flask.bounding_box()
            assert left and right, section
            assert abs(left["y"] - right["y"]) < 2 and left["x"] + left["width"] <= right["x"]
            assert left["width"] > 400 and right["width"] > 400
        for side in ("django", "flask"):
            added = page.locator(f"#model .side.{side} .add").all_inner_texts()
            assert len(added) == 1 and "subtitle" in added[0], added
        assert "AddField" in page.locator("#migration .side.django").inner_text()
        assert "add_column" in page.locator("#migration .side.flask").inner_text()
        assert errors == []
        assert all(url.startswith("file://") for url in requests), requests
        page.close()


def test_an_html_path_in_a_missing_folder_is_refused_before_any_work(tmp_path: Path) -> None:
    spec = str(bundled_spec("todo"))
    target = tmp_path / "missing" / "diff.html"
    result = CliRunner().invoke(main, ["diff", spec, spec, "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert f"{target.parent} is not a folder" in result.output
    assert "Traceback" not in result.output
    assert not target.parent.exists()
