"""The comparison: finding code by file and symbol, figures, and the two written files."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator.comparison import build
from generator.comparison import compare_command
from generator.comparison import write_comparison
from generator.comparison.extract import Missing
from generator.comparison.extract import Snippet
from generator.comparison.figures import count_lines
from generator.comparison.figures import package_name
from generator.comparison.locate import Defs
from generator.comparison.locate import Statements
from generator.comparison.markdown import _fence
from generator.spec import bundled_spec
from generator.spec import load_spec
from tests.apps import EXAMPLE_SPECS

MINI_SPEC = {
    "project_name": "Shelf",
    "project_slug": "shelf",
    "description": "Two entities sharing a prefix.",
    "entities": {
        "Book": {"fields": {"title": {"type": "string", "max_length": 100}}},
        "BookReview": {"fields": {"book": {"type": "fk", "to": "Book"}}},
    },
}

DJANGO_MODELS = '''\
"""Models."""
from django.db import models


class Book(models.Model):
    # a comment line
    title = models.CharField(max_length=100)


class BookReview(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE)
'''

DJANGO_ADMIN = """\
from django.contrib import admin


@admin.register(Book)
class BookAdmin(admin.ModelAdmin):
    list_display = ["title"]


class BookReviewAdmin(admin.ModelAdmin):
    pass
"""

DJANGO_URLS = """\
from rest_framework.routers import DefaultRouter

router = DefaultRouter()
router.register("books", BookViewSet)
router.register("book-reviews", BookReviewViewSet)
urlpatterns = router.urls
"""


def _mini_render(root: Path) -> Path:
    """A hand-made render: enough files for the locators, not a working app."""
    answers = yaml.safe_dump({"_commit": "x", "_src_path": "/somewhere", **MINI_SPEC})
    files = {
        "django_app/.copier-answers.yml": answers,
        "django_app/shelf/models.py": DJANGO_MODELS,
        "django_app/shelf/admin.py": DJANGO_ADMIN,
        "django_app/shelf/urls.py": DJANGO_URLS,
        "django_app/shelf_site/settings.py": "DEBUG = False\nMIDDLEWARE = [\n    'x',\n]\n",
        "django_app/pyproject.toml": (
            '[project]\nname = "shelf"\ndependencies = ["Django>=5.2", "djangorestframework"]\n'
            '[project.optional-dependencies]\ntest = ["pytest"]\n'
        ),
        "django_app/shelf/templates/base.html": "<!-- comment -->\n<p>hi</p>\n\n",
        "flask_app/.copier-answers.yml": answers,
        "flask_app/shelf/models.py": "class Book:\n    pass\n",
        "flask_app/pyproject.toml": '[project]\nname = "shelf"\ndependencies = ["Flask_WTF"]\n',
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    return root


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A small hand-made render in a temporary folder."""
    return _mini_render(tmp_path / "render")


# -- locating code -----------------------------------------------------------


def test_class_named_after_the_entity_has_its_exact_lines(mini: Path) -> None:
    [found] = Defs("*/models.py", "Book")(mini / "django_app")
    assert isinstance(found, Snippet)
    assert (found.path, found.start, found.end) == ("shelf/models.py", 5, 7)
    assert found.text.splitlines()[0] == "class Book(models.Model):"
    assert found.caption == "shelf/models.py:5-7"


def test_prefix_rule_excludes_a_longer_entity_and_keeps_decorators(mini: Path) -> None:
    found = Defs("*/admin.py", r"Book\w*", exclude=r"BookReview\w*")(mini / "django_app")
    assert [s.label for s in found if isinstance(s, Snippet)] == ["class BookAdmin"]
    assert found[0].text.startswith("@admin.register(Book)")


def test_statements_find_routing_calls(mini: Path) -> None:
    [found] = Statements("*/urls.py", r"['\"]books['\"]")(mini / "django_app")
    assert isinstance(found, Snippet)
    assert found.text == 'router.register("books", BookViewSet)'
    assert found.start == found.end == 4


def test_missing_code_is_reported_not_empty(mini: Path) -> None:
    [found] = Defs("*/api.py", r"Book\w*")(mini / "flask_app")
    assert isinstance(found, Missing)
    assert "api.py" in found.wanted


def test_comparison_marks_missing_concepts_visibly(mini: Path) -> None:
    comparison = build(mini)
    keys = {key for key, _, _ in comparison.missing}
    assert "api-book" in keys and "admin-book_review" in keys
    assert "model-book" not in keys
    html_path, md_path = write_comparison(mini)
    html = html_path.read_text()
    assert html.count('class="missing"') >= len(comparison.missing)
    assert "Not found in this render: a class or function named /Book\\w*/ in */api.py" in html
    assert "> **Not found in this render:**" in md_path.read_text()


# -- figures -----------------------------------------------------------------


def test_python_lines_skip_blanks_and_comments_but_count_docstrings() -> None:
    assert count_lines(DJANGO_MODELS, "Python") == 6
    assert count_lines("<!-- c -->\n{# c #}\n<p>x</p>\n\n", "HTML") == 1
    assert count_lines("# c\n[a]\n\nb = 1\n", "config") == 2


def test_package_names_are_normalised() -> None:
    assert package_name("Flask_WTF>=1.2") == "flask-wtf"
    assert package_name("psycopg[binary]>=3") == "psycopg"
    assert package_name("django-filter ~= 25.1") == "django-filter"


def test_figures_of_the_mini_render(mini: Path) -> None:
    comparison = build(mini)
    assert comparison.lines["django"]["HTML"].lines == 1
    assert comparison.lines["django"]["total"].files == 6  # the answers file is not counted
    features = {row.feature: row for row in comparison.features}
    assert features["admin"].django == ("django",)
    assert features["forms/CSRF"].flask == ("flask-wtf",)
    assert comparison.packages["django"].development == ("pytest",)


# -- writers -----------------------------------------------------------------


def test_markdown_fence_is_longer_than_backticks_inside() -> None:
    assert _fence("a ```` b", "text") == ["`````text", "a ```` b", "`````"]


def test_written_files_hold_no_machine_paths(mini: Path) -> None:
    html_path, md_path = write_comparison(mini)
    for path in (html_path, md_path):
        assert str(mini) not in path.read_text()


def test_compare_command_rebuilds_both_files(mini: Path, runner) -> None:
    result = runner.invoke(compare_command, [str(mini)])
    assert result.exit_code == 0, result.output
    assert (mini / "comparison.html").is_file() and (mini / "COMPARISON.md").is_file()
    assert "not found in this render" in result.output
    strict = runner.invoke(compare_command, [str(mini), "--strict"])
    assert strict.exit_code == 1


def test_compare_command_refuses_a_folder_without_a_render(tmp_path: Path, runner) -> None:
    result = runner.invoke(compare_command, [str(tmp_path)])
    assert result.exit_code == 2
    assert "render a spec there first" in result.output


# -- on real renders ---------------------------------------------------------


def _concept_ids() -> list[tuple[str, str, str]]:
    from generator.comparison.concepts import concepts

    return [
        (spec, concept.key, side)
        for spec in EXAMPLE_SPECS
        for concept in concepts(load_spec(bundled_spec(spec)))
        for side in ("django", "flask")
    ]


@pytest.fixture(scope="module")
def comparisons(rendered: Callable[[str], Path]) -> Callable[[str], object]:
    """Build (once) the comparison of a rendered bundled spec."""
    cache: dict[str, object] = {}

    def get(spec: str):
        if spec not in cache:
            cache[spec] = build(rendered(spec))
        return cache[spec]

    return get


@pytest.mark.parametrize(("spec", "key", "side"), _concept_ids())
def test_every_concept_is_found_in_the_render(comparisons, spec: str, key: str, side: str) -> None:
    """One test per concept and side: fails while a template lacks the code it shows."""
    section = next(s for s in comparisons(spec).sections if s.key == key)
    items = getattr(section, side)
    missing = [item.wanted for item in items if isinstance(item, Missing)]
    assert not missing, f"not found in this render of {spec}: {missing}"
    assert any(isinstance(item, Snippet) and item.text.strip() for item in items)


@pytest.mark.parametrize("spec", EXAMPLE_SPECS)
def test_snippets_are_the_rendered_lines(comparisons, rendered, spec: str) -> None:
    out = rendered(spec)
    for section in comparisons(spec).sections:
        for side in ("django", "flask"):
            for item in getattr(section, side):
                if isinstance(item, Snippet):
                    lines = (out / f"{side}_app" / item.path).read_text().splitlines()
                    assert item.text == "\n".join(lines[item.start - 1 : item.end])


def test_render_comparison_is_self_contained(rendered) -> None:
    out = rendered("blog")
    html_path, md_path = write_comparison(out)
    html = html_path.read_text()
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert not re.search(r"@import|url\(", html)
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "@media (max-width" in html and "@media print" in html
    markdown = md_path.read_text()
    assert "```python" in markdown
    assert re.search(r"`blog/models\.py:\d+-\d+`", markdown)
    for heading in (
        "Files and lines of code",
        "Third-party packages per feature",
        "Security features",
        "Claims checked",
    ):
        assert heading in html and heading in markdown
    assert "api_latency.py" in markdown


def test_security_rows_and_claims_follow_the_render(mini: Path) -> None:
    settings = mini / "django_app" / "shelf_site" / "settings.py"
    settings.write_text('MIDDLEWARE = [\n    "django.middleware.csrf.CsrfViewMiddleware",\n]\n')
    comparison = build(mini)
    rows = {row.name: row for row in comparison.security}
    csrf = rows["CSRF protection on forms"]
    assert (csrf.django, csrf.flask) == ("shelf_site/settings.py:2", "")
    security = next(claim for claim in comparison.claims if claim.topic == "Security")
    assert "missing in Flask: CSRF protection on forms" in security.evidence
    (mini / "flask_app" / "shelf" / "extensions.py").write_text("csrf = CSRFProtect()\n")
    rows = {row.name: row for row in build(mini).security}
    assert rows["CSRF protection on forms"].flask == "shelf/extensions.py:1"


def test_unsafe_sql_is_reported(mini: Path) -> None:
    (mini / "flask_app" / "shelf" / "views.py").write_text(
        'db.session.execute(text(f"SELECT * FROM book WHERE id = {book_id}"))\n'
    )
    rows = {row.name: row for row in build(mini).security}
    [sql] = [row for name, row in rows.items() if name.startswith("SQL")]
    assert sql.django == "none found"
    assert sql.flask == "found at shelf/views.py:1"


def test_markdown_contents_link_to_githubs_heading_anchors(mini: Path) -> None:
    from generator.comparison.markdown import _anchor

    assert _anchor("The Book API: /api/books/") == "the-book-api-apibooks"
    assert _anchor("Sign-up, login and logout") == "sign-up-login-and-logout"
    _, md_path = write_comparison(mini)
    markdown = md_path.read_text()
    for anchor in re.findall(r"\]\(#([^)]+)\)", markdown):
        headings = re.findall(r"^## (.+)$", markdown, flags=re.MULTILINE)
        assert anchor in {_anchor(h) for h in headings}, anchor


def test_file_tree_lists_folders_first(mini: Path) -> None:
    from generator.comparison.build import file_tree

    tree = file_tree(mini / "django_app").splitlines()
    assert tree[0] == "django_app/"
    assert tree[1] == "├── shelf/"
    assert "└── pyproject.toml" in tree


def test_html_and_markdown_hold_the_same_sections_and_snippets(rendered) -> None:
    out = rendered("bookshelf")
    html_path, md_path = write_comparison(out)
    html, markdown = html_path.read_text(), md_path.read_text()
    comparison = build(out)
    for section in comparison.sections:
        assert f'id="{section.key}"' in html
        assert f"## {section.title}" in markdown
        for side in ("django", "flask"):
            for item in getattr(section, side):
                assert isinstance(item, Snippet)
                assert f"<code>{item.caption}</code>" in html
                assert f"`{item.caption}`" in markdown
    for claim in comparison.claims:
        assert claim.topic in html and claim.topic in markdown
