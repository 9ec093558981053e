"""The comparison: finding code by file and symbol, figures, and the two written files."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck
from hypothesis import Phase
from hypothesis import given
from hypothesis import note
from hypothesis import settings

from generator.comparison import build
from generator.comparison import compare_command
from generator.comparison import write_comparison
from generator.comparison.evidence import in_place
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
from tests.strategies import valid_specs

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
    # declared, but no file of this Flask app imports flask_wtf: it provides nothing here
    assert features["forms/CSRF"].flask == ()
    assert comparison.unused["flask"] == ("flask-wtf",)
    assert comparison.packages["django"].development == ("pytest",)
    (mini / "flask_app" / "shelf" / "forms.py").write_text("from flask_wtf import FlaskForm\n")
    features = {row.feature: row for row in build(mini).features}
    assert features["forms/CSRF"].flask == ("flask-wtf",)


def test_a_driver_extra_is_not_a_development_tool(mini: Path) -> None:
    (mini / "flask_app" / "pyproject.toml").write_text(
        '[project]\nname = "shelf"\ndependencies = ["flask"]\n'
        '[project.optional-dependencies]\npostgres = ["psycopg[binary]>=3"]\n'
        'test = ["pytest"]\n'
    )
    packages = build(mini).packages["flask"]
    assert packages.extras == ("psycopg",)
    assert packages.development == ("pytest",)
    assert packages.for_feature("database driver") == ("psycopg",)


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
    styles = "".join(re.findall(r"<style>(.*?)</style>", html, flags=re.DOTALL))
    assert styles and not re.search(r"@import|url\(", styles)
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "@media (max-width" in html and "@media print" in html
    markdown = md_path.read_text()
    assert "```python" in markdown
    assert re.search(r"`blog/models\.py:\d+-\d+`", markdown)
    for heading in (
        "Files and lines of code",
        "Third-party packages per feature",
        "What each framework gave by default, what the Flask app had to add",
        "Unsafe constructs searched for",
        "How to read this page",
        "Claims checked",
    ):
        assert heading in html and heading in markdown
    assert "Nothing was measured for this render" in html
    assert "Nothing was measured for this render" in markdown


def test_security_rows_and_claims_follow_the_render(mini: Path) -> None:
    settings = mini / "django_app" / "shelf_site" / "settings.py"
    settings.write_text('MIDDLEWARE = [\n    "django.middleware.csrf.CsrfViewMiddleware",\n]\n')
    comparison = build(mini)
    rows = {row.name: row for row in comparison.security}
    csrf = rows[CSRF]
    assert (csrf.django, csrf.flask) == ("shelf_site/settings.py:2", "")
    security = next(claim for claim in comparison.claims if claim.topic == "Security")
    assert f"not found in Flask: {CSRF}" in security.evidence
    (mini / "flask_app" / "shelf" / "extensions.py").write_text("csrf = CSRFProtect()\n")
    rows = {row.name: row for row in build(mini).security}
    assert rows[CSRF].flask == "shelf/extensions.py:1"


CSRF = "CSRF on forms and cookie-authenticated writes"


def test_unsafe_sql_is_reported(mini: Path) -> None:
    (mini / "flask_app" / "shelf" / "views.py").write_text(
        'db.session.execute(text(f"SELECT * FROM book WHERE id = {book_id}"))\n'
    )
    [sql] = [row for row in build(mini).unsafe if row.name.startswith("SQL")]
    assert sql.django == "none found"
    assert sql.flask == "found at shelf/views.py:1"


def test_no_row_counts_an_absence_as_a_protection(mini: Path) -> None:
    """The mini render has no protection at all: no count may say otherwise."""
    comparison = build(mini)
    assert all(not in_place(row.django) and not in_place(row.flask) for row in comparison.security)
    assert all(row.django == "none found" for row in comparison.unsafe)
    assert not in_place("none found") and not in_place("found at a.py:1")
    security = next(claim for claim in comparison.claims if claim.topic == "Security")
    total = len(comparison.security)
    assert f"Of {total} protections looked for, 0 were found in the Django app" in (
        security.evidence
    )
    assert "and 0 in the Flask app" in security.evidence


def test_markdown_contents_link_to_githubs_heading_anchors(mini: Path) -> None:
    from generator.comparison.markdown import _anchor

    assert _anchor("The Book API: /api/books/") == "the-book-api-apibooks"
    assert _anchor("Sign-up, login and logout") == "sign-up-login-and-logout"
    _, md_path = write_comparison(mini)
    markdown = md_path.read_text()
    for anchor in re.findall(r"\]\(#([^)]+)\)", markdown):
        headings = re.findall(r"^###? (.+)$", markdown, flags=re.MULTILINE)
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


# -- the learner's order, the switcher, the links ----------------------------


def test_parts_follow_a_learners_order(mini: Path) -> None:
    keys = [part.key for part in build(mini).parts]
    assert keys == [
        "layout",
        "configuration",
        "journey",
        "models",
        "migrations",
        "admin",
        "accounts",
        "api",
        "security",
        "templates",
        "testing",
        "deploy",
        "performance",
        "figures",
    ]


def test_each_entity_is_one_tab_and_the_shared_note_is_written_once(rendered) -> None:
    from generator.comparison.concepts import CHAPTERS

    out = rendered("blog")
    comparison = build(out)
    html_path, md_path = write_comparison(out)
    html, markdown = html_path.read_text(), md_path.read_text()
    names = [entity.name for entity in comparison.project.entities]
    intros = {chapter.key: chapter.intro for chapter in CHAPTERS}
    for key in ("models", "admin", "api"):
        part = next(p for p in comparison.parts if p.key == key)
        assert [s.tab for s in part.tabs] == names
        for section in part.tabs:
            assert f'id="tab-{section.key}"' in html
            assert f"#tab-{section.key}:checked ~ #{section.key}" in html
        first = intros[key].split("\n\n")[0][:60]
        assert markdown.count(first) == 1
    assert html.count(" checked>") == 3  # one tab per switcher is open without a click
    assert not re.search(r"\b1 fields\b", html + markdown)


def _hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


@pytest.mark.parametrize("spec", EXAMPLE_SPECS)
def test_contents_and_captions_link_to_what_exists(rendered, spec: str) -> None:
    """Every #anchor has its id; every other link is a file of the render, relative to it."""
    out = rendered(spec)
    html_path, md_path = write_comparison(out)
    html = html_path.read_text()
    all_ids = re.findall(r'id="([^"]+)"', html)
    ids = set(all_ids)
    assert len(ids) == len(all_ids), "an id is used twice"
    links = _hrefs(html)
    assert any(link.startswith("django_app/") for link in links)
    assert any(link.startswith("flask_app/") for link in links)
    for link in links:
        if link.startswith("#"):
            assert link[1:] in ids, link
        else:
            assert not re.match(r"\w+:|/", link), link
            assert (out / link).is_file(), link
    for link in re.findall(r"\]\(((?:django|flask)_app/[^)]+)\)", md_path.read_text()):
        assert (out / link).is_file(), link


# -- every note tested for truth ---------------------------------------------

CODE = re.compile(r"`([^`]+)`")
NAME = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")
PATH = re.compile(r"[\w.*-]+(/[\w.*-]+)*/?")


def _notes(comparison) -> list[tuple[str, str]]:
    from generator.comparison import text
    from generator.comparison.concepts import CHAPTERS

    project = comparison.project
    notes = [(s.key, s.note) for s in comparison.sections]
    notes += [(c.key, c.intro) for c in CHAPTERS if c.intro]
    layout = text.LAYOUT_NOTE.format(site=project.site_package, slug=project.slug)
    return [*notes, ("layout", layout)]


def _sources(out: Path) -> dict[str, str]:
    from generator.comparison.figures import app_files

    return {
        f"{path.relative_to(out).as_posix()}": path.read_text(errors="replace")
        for side in ("django_app", "flask_app")
        for path in app_files(out / side)
        if path.suffix != ".gz"
    }


def _name_in(name: str, sources: dict[str, str]) -> bool:
    if name.endswith("_") and "." not in name:  # a prefix, such as AXES_
        return any(re.search(rf"\b{re.escape(name)}\w", text) for text in sources.values())
    parts = name.split(".")
    return any(
        name in text or all(re.search(rf"\b{re.escape(p)}\b", text) for p in parts)
        for text in sources.values()
    )


def _path_in(path: str, out: Path) -> bool:
    target = path.rstrip("/")
    return any(
        any((out / side).glob(target)) or any((out / side).glob(f"**/{target}"))
        for side in ("django_app", "flask_app")
    )


@pytest.mark.parametrize("spec", EXAMPLE_SPECS)
def test_every_name_a_note_cites_is_in_the_render(comparisons, rendered, spec: str) -> None:
    """Names and files in backticks exist in the render, or are listed as library API."""

    out = rendered(spec)
    absent = _absent_names(comparisons(spec), out)
    assert not absent, f"cited but not in this render of {spec}: {absent}"


def _absent_names(comparison, out: Path) -> list[tuple[str, str]]:
    """(note, name) for each name or file in backticks that the render does not hold."""
    from generator.comparison.concepts import NAMED_NOT_SHOWN

    sources = _sources(out)
    absent = []
    for key, text in _notes(comparison):
        for token in CODE.findall(text):
            token = token.removesuffix("()")
            if token in NAMED_NOT_SHOWN or token.isdigit():
                continue
            if NAME.fullmatch(token) and not re.fullmatch(r"\w+\.(py|toml|md|txt)", token):
                if not _name_in(token, sources):
                    absent.append((key, token))
            elif PATH.fullmatch(token) and ("/" in token or "." in token):
                if not _path_in(token, out):
                    absent.append((key, token))
    return absent


def test_the_notes_issue_14_found_wrong_now_match_the_render(comparisons, rendered) -> None:
    """Each note the teacher's review found false says what the blog render really holds."""
    import ast

    from generator.comparison.concepts import CHAPTERS

    out, comparison = rendered("blog"), comparisons("blog")
    notes = {s.key: s.note for s in comparison.sections}
    intros = {c.key: c.intro for c in CHAPTERS}
    flask = out / "flask_app" / "blog"
    # permissions.py holds classes of DRF's shape, not plain functions
    tree = ast.parse((flask / "permissions.py").read_text())
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    assert any(
        isinstance(f, ast.FunctionDef) and f.name == "has_permission"
        for c in classes
        for f in c.body
    )
    assert "holds classes" in notes["permissions"] and "plain functions" not in notes["permissions"]
    # what Flask finds by place; Django's settings are named, not found
    flexibility = next(c for c in comparison.claims if c.topic == "Flexibility vs conventions")
    flask_places = flexibility.evidence.split("Flask", 1)[1]
    assert "in templates/" in flask_places and "in static/" in flask_places
    assert "DJANGO_SETTINGS_MODULE, not found by place" in flexibility.evidence
    # the extensions derive validation from SQLAlchemy columns
    assert "`auto_field`" in intros["models"] and "Flask-Admin builds form" in intros["models"]
    assert "auto_field(" in (flask / "schemas.py").read_text()
    # a FlaskForm checks its own token: forgetting CSRFProtect leaves only form-less views open
    assert "each `FlaskForm` checks its own CSRF token" in notes["forms"]
    forms = ast.parse((flask / "forms.py").read_text())
    classes = {
        n.name: [ast.unparse(b) for b in n.bases] for n in forms.body if isinstance(n, ast.ClassDef)
    }
    flask_forms = {"FlaskForm"}
    for name, bases in classes.items():  # a form's own base is defined above it
        if set(bases) & flask_forms:
            flask_forms.add(name)
    assert classes and set(classes) < flask_forms
    # the token note names the extension the app chose not to use
    assert "Flask-HTTPAuth" in notes["token"]


def test_library_names_not_shown_are_few_explained_and_truly_absent(rendered) -> None:
    from generator.comparison.concepts import NAMED_NOT_SHOWN

    assert len(NAMED_NOT_SHOWN) <= 8
    assert all(reason.strip() for reason in NAMED_NOT_SHOWN.values())
    out = rendered("blog")
    sources = _sources(out)
    for name in NAMED_NOT_SHOWN:
        present = _path_in(name, out) if name.endswith("/") else _name_in(name, sources)
        assert not present, f"{name} is in the render: cite it, do not list it as absent"


def _bare_numbers(note: str) -> list[str]:
    prose = CODE.sub("", note)
    return re.findall(r"(?<![\w.{])\d+(?:\.\d+)?(?![\w}])", prose)


@pytest.mark.parametrize("spec", EXAMPLE_SPECS)
def test_every_number_in_a_note_is_computed(comparisons, spec: str) -> None:
    """No note template types a number; every number a note shows is one it was filled with."""
    _assert_numbers_computed(comparisons(spec))


def _assert_numbers_computed(comparison) -> None:
    from generator.comparison.concepts import CHAPTERS
    from generator.comparison.concepts import concepts

    for concept in concepts(comparison.project):
        assert not _bare_numbers(re.sub(r"\{\w+\}", "", concept.note)), concept.key
    for chapter in CHAPTERS:
        assert not _bare_numbers(chapter.intro), chapter.key
    for section in comparison.sections:
        filled = {str(value) for _, value in section.numbers}
        assert set(_bare_numbers(section.note)) <= filled, (section.key, section.note)
        assert "{" not in CODE.sub("", section.note), section.key
    layer = next(s for s in comparison.sections if s.key == "api-generic-layer")
    assert f"{layer.lines('django')} lines in Django" in layer.note
    assert f"{layer.lines('flask')} lines in Flask" in layer.note


@pytest.mark.parametrize("spec", EXAMPLE_SPECS)
def test_every_file_and_line_the_page_cites_exists(rendered, spec: str) -> None:
    """Each ``path:line`` in COMPARISON.md is inside a file of the render."""
    out = rendered(spec)
    _, md_path = write_comparison(out)
    markdown = md_path.read_text()
    cited = re.findall(r"\[`([\w./-]+):(\d+)(?:-(\d+))?`\]\(((?:django|flask)_app)/", markdown)
    assert len(cited) > 20
    for path, start, end, side in cited:
        lines = (out / side / path).read_text().splitlines()
        assert 1 <= int(start) <= int(end or start) <= len(lines), (side, path, start, end)


@pytest.mark.parametrize("spec", EXAMPLE_SPECS)
def test_every_security_claim_is_found_beside_its_code(comparisons, rendered, spec: str) -> None:
    """Each row's cited line exists and is the line its probe looks for, on both sides."""
    from generator.comparison.evidence import SECURITY

    out = rendered(spec)
    comparison = comparisons(spec)
    rows = {row.name: row for row in comparison.security}
    for feature in SECURITY:
        if feature.applies is not None and not feature.applies(comparison.project):
            assert feature.name not in rows
            continue
        row = rows[feature.name]
        for side, probe in (("django", feature.django), ("flask", feature.flask)):
            place = getattr(row, side)
            assert in_place(place), (spec, feature.name, side)
            path, line = place.split(":")
            text = (out / f"{side}_app" / path).read_text().splitlines()[int(line) - 1]
            assert re.search(probe.regex, text), (feature.name, side, text)


def test_the_staff_only_evidence_is_an_access_check(comparisons, rendered) -> None:
    """Not the line that registers the User admin: the line that checks is_staff."""
    out = rendered("blog")
    row = next(r for r in comparisons("blog").security if r.name == "Admin for active staff only")
    for side in ("django", "flask"):
        path, line = getattr(row, side).split(":")
        text = (out / f"{side}_app" / path).read_text().splitlines()[int(line) - 1]
        assert "is_staff" in text and "register" not in text, text


def test_the_flask_api_section_names_the_library_and_its_choice(comparisons) -> None:
    comparison = comparisons("blog")
    api = next(part for part in comparison.parts if part.key == "api")
    assert "flask-smorest" in api.chapter.intro and "APIFlask" in api.chapter.intro
    layer = next(s for s in api.sections if s.key == "api-generic-layer")
    shown = {item.path.rsplit("/", 1)[-1] for item in layer.flask if isinstance(item, Snippet)}
    generic = {"resources.py", "filters.py", "pagination.py", "fields.py", "errors.py"}
    assert generic | {"parsers.py", "openapi.py", "schemas.py"} <= shown
    # the modules the intro names are the ones the render holds
    for module in generic:
        assert f"`{module}`" in api.chapter.intro


# -- HTML templates ----------------------------------------------------------

TEMPLATE_TAGS = {
    # what the notes of the templates chapter say each side's file holds
    ("base-template", "django"): ("{% block ", "{% url ", "{% csrf_token %}", "user."),
    ("base-template", "flask"): ("{% block ", "url_for(", "csrf_token()", "current_user."),
    ("form-template", "django"): ("{% extends ", "{% csrf_token %}", "form.as_div", "next"),
    ("form-template", "flask"): ("{% extends ", "form.hidden_tag()", "field.label", ".errors"),
}


@pytest.mark.parametrize("spec", EXAMPLE_SPECS)
def test_the_templates_chapter_shows_the_tags_its_notes_explain(comparisons, spec: str) -> None:
    """Each side's template, taken from the render, holds the tags and calls the note names."""
    part = next(p for p in comparisons(spec).parts if p.key == "templates")
    assert [s.key for s in part.sections] == ["base-template", "form-template"]
    for (key, side), tags in TEMPLATE_TAGS.items():
        section = next(s for s in part.sections if s.key == key)
        html = [item for item in getattr(section, side) if item.path.endswith(".html")]
        assert html, (key, side)
        text = "\n".join(item.text for item in html)
        for tag in tags:
            assert tag in text, (spec, key, side, tag)
        if side == "django":
            assert "{% url " in text and "url_for" not in text
        else:
            assert "url_for(" in text and "{% url " not in text


def test_the_templates_chapter_says_how_each_engine_escapes(comparisons) -> None:
    from generator.comparison.concepts import CHAPTERS

    intro = next(c for c in CHAPTERS if c.key == "templates").intro
    assert "escape every value they print" in intro
    assert "end in .html" in intro and "`autoescape off`" in intro
    # the page's unsafe table is what the intro sends the reader to
    unsafe = comparisons("blog").unsafe
    assert any(row.name.startswith("HTML escaping switched off") for row in unsafe)


# -- security: what each framework gave, what the Flask app added -------------

FLASK_BRINGS = {"werkzeug", "markupsafe", "jinja2", "itsdangerous", "click", "blinker"}
"""Flask's own dependencies: a Flask app has them without declaring them."""
CODE_LIKE = re.compile(r"\b[A-Za-z_][\w.]*\w(?:\(\))?")


def _code_like(word: str) -> bool:
    return "_" in word or word.endswith("()") or bool(re.search(r"[a-z][A-Z]", word))


@pytest.mark.parametrize("spec", EXAMPLE_SPECS)
def test_every_security_row_names_a_library_the_flask_app_has(comparisons, rendered, spec):
    from generator.comparison.evidence import WRITTEN
    from generator.comparison.figures import read_packages

    flask = read_packages(rendered(spec) / "flask_app")
    comparison = comparisons(spec)
    for row in comparison.security:
        if row.library:
            assert package_name(row.library) in {*flask.runtime, *FLASK_BRINGS}, row.name
            assert row.flask_with == row.library
        else:
            assert row.flask_with == WRITTEN
    used = {package_name(row.library) for row in comparison.security if row.library}
    assert {"flask-wtf", "flask-login", "flask-admin", "werkzeug"} <= used


@pytest.mark.parametrize("spec", EXAMPLE_SPECS)
def test_every_name_the_security_table_cites_is_in_the_render(comparisons, rendered, spec):
    """Code names in the table's prose (``end_sessions()``, ``StaffOnly``) exist in the render."""
    out = rendered(spec)
    sources = _sources(out)
    absent = []
    for row in comparisons(spec).security:
        for text in (row.django_gives, row.flask_gives, row.flask_adds):
            for word in CODE_LIKE.findall(text):
                name = word.removesuffix("()").rstrip(".")
                if _code_like(word) and not _name_in(name, sources):
                    absent.append((row.name, name))
    assert not absent


def test_the_help_text_row_is_shown_only_when_the_spec_has_help(mini: Path, comparisons) -> None:
    name = "The spec's help text shown as text in the admin, not markup"
    assert name not in {row.name for row in build(mini).security}
    assert name in {row.name for row in comparisons("blog").security}


def test_the_security_claim_counts_the_libraries_the_flask_app_uses(comparisons) -> None:
    comparison = comparisons("blog")
    claim = next(claim for claim in comparison.claims if claim.topic == "Security")
    with_library = [row for row in comparison.security if row.library and in_place(row.flask)]
    libraries = ", ".join(sorted({row.library for row in with_library}))
    assert f"{len(with_library)} with a library ({libraries})" in claim.evidence
    own = sum(1 for row in comparison.security if not row.library and in_place(row.flask))
    assert f"{own} by its own code alone" in claim.evidence


# -- the parity suite in the claims --------------------------------------------

KNOWN_DIFFERENCES = {
    # a phrase of each bullet of docs/contract.md's Known differences: how the page says it
    "Message texts of errors differ": "the wording of error messages",
    "403 in Django and 400 in Flask": "(403 in Django, 400 from Flask-WTF)",
    "home page titles and the admin pages": "page titles and the admin's look",
    "`?ordering=<fk>`": "(`?ordering=` on a foreign key)",
    "`OPTIONS /api/token/`": "what `OPTIONS` says of the token",
}


def test_the_intro_lists_the_contracts_known_differences() -> None:
    from generator.comparison.text import INTRO

    contract = (Path(__file__).parent.parent / "docs" / "contract.md").read_text()
    section = contract.split("## Known differences", 1)[1]
    assert len(re.findall(r"^- ", section, flags=re.MULTILINE)) == len(KNOWN_DIFFERENCES)
    for in_contract, on_page in KNOWN_DIFFERENCES.items():
        assert in_contract in " ".join(section.split())
        assert on_page in INTRO


def test_the_claims_cite_the_parity_suite_and_how_to_run_it(comparisons) -> None:
    import ast

    from generator.cli import main
    from generator.comparison.evidence import CONTRACT_COMMAND
    from generator.comparison.evidence import PARITY_SUITE

    tree = ast.parse(PARITY_SUITE.read_text())
    tests = [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name[:5] == "test_"]
    claims = {claim.topic: claim for claim in comparisons("blog").claims}
    batteries = claims["Batteries included vs extensions"]
    assert f"holds {len(tests)} cases" in batteries.evidence
    assert "quoted search phrase is one term" in batteries.evidence
    for claim in (batteries, claims["Security"]):
        assert f"`{CONTRACT_COMMAND}`" in claim.to_measure
    assert "Known differences" in claims["Security"].to_measure
    # the command the claims name is one the CLI has, taking the render's folder
    command, argument = CONTRACT_COMMAND.removeprefix("diptych ").split()
    assert argument == "OUT" and command in main.commands
    assert [p.name for p in main.commands[command].params if p.required] == ["out"]


def test_a_package_used_through_a_library_is_not_unused(mini: Path) -> None:
    (mini / "flask_app" / "pyproject.toml").write_text(
        '[project]\nname = "shelf"\ndependencies = ["flask-wtf", "email-validator"]\n'
    )
    forms = mini / "flask_app" / "shelf" / "forms.py"
    forms.write_text("from flask_wtf import FlaskForm\n")
    assert build(mini).unused["flask"] == ("email-validator",)
    forms.write_text(
        "from flask_wtf import FlaskForm\nfrom wtforms.validators import DataRequired, Email\n"
    )
    comparison = build(mini)
    assert comparison.unused["flask"] == ()
    features = {row.feature: row for row in comparison.features}
    assert "email-validator" in features["forms/CSRF"].flask


# -- performance --------------------------------------------------------------


def _bench_report() -> dict:
    from generator.bench.report import ratios

    def figures(rps: float, p50: int) -> dict:
        return {"rps": rps, "p50_us": p50, "p95_us": p50 * 2, "p99_us": p50 * 3, "errors": 0}

    report = {
        "spec": "/somewhere/blog.yml",
        "project": "shelf",
        "entity": "Book",
        "db": "sqlite",
        "workers": 2,
        "duration": 5.0,
        "bulk": 100,
        "connections": 8,
        "threads": 2,
        "date": "2026-12-02T06:00:00+00:00",
        "machine": {"platform": "Linux-x", "python": "3.11.7", "cpus": 2, "load": [1.0, 1.0, 1.0]},
        "versions": {"django": "5.2", "flask": "3.1"},
        "endpoints": [
            {"key": "bare", "label": "bare WSGI", "floor": True},
            {"key": "hello", "label": "hello JSON", "floor": True},
            {"key": "minimal", "label": "minimal list", "floor": True},
            {"key": "list", "label": "GET /api/books/", "floor": False},
        ],
        "results": {
            "wsgi": {"bare": figures(6000, 1000)},
            "django": {
                "hello": figures(3000, 2000),
                "minimal": figures(400, 9000),
                "list": figures(200, 20000),
            },
            "flask": {
                "hello": figures(4500, 1500),
                "minimal": figures(800, 5000),
                "list": figures(600, 7000),
            },
        },
        "peak_rss_mib": {"django": 60.0, "flask": 45.0},
        "cold_start_s": {"django": 1.2, "flask": 0.8},
    }
    report["ratios"] = ratios(report)
    return report


def test_performance_quotes_the_bench_file_with_ratios(mini: Path) -> None:
    import json

    (mini / "bench.json").write_text(json.dumps(_bench_report()))
    comparison = build(mini)
    assert comparison.bench is not None
    row = comparison.bench.row("list")
    assert row.flask_over_django == 3.0
    assert (row.over_minimal["django"], row.over_minimal["flask"]) == (0.5, 0.75)
    speed = next(claim for claim in comparison.claims if claim.topic == "Speed and lightness")
    assert "GET /api/books/: Flask ÷ Django 3.00 in req/s" in speed.evidence
    assert "generated ÷ minimal: Django 0.50, Flask 0.75" in speed.evidence
    assert "hello endpoints: Flask ÷ Django 1.50" in speed.evidence
    html_path, md_path = write_comparison(mini)
    for page in (html_path.read_text(), md_path.read_text()):
        assert "Nothing was measured" not in page
        assert "diptych bench blog.yml --db sqlite --workers 2" in page
        assert "2026-12-02T06:00:00+00:00" in page and "/somewhere" not in page


def test_performance_without_a_bench_file_says_nothing_was_measured(mini: Path) -> None:
    comparison = build(mini)
    assert comparison.bench is None
    speed = next(claim for claim in comparison.claims if claim.topic == "Speed and lightness")
    assert speed.evidence.startswith("Nothing measured in this render supports or refutes it")
    assert "diptych bench SPEC --json OUT/bench.json" in speed.to_measure
    html_path, _ = write_comparison(mini)
    assert "diptych bench SPEC --json OUT/bench.json" in html_path.read_text()


def test_a_broken_bench_file_is_an_error_that_names_it(mini: Path) -> None:
    from generator.comparison.performance import BenchFileError

    (mini / "bench.json").write_text('{"results": {}}')
    with pytest.raises(BenchFileError, match="bench.json"):
        build(mini)


def test_compare_command_says_what_is_wrong_with_a_bench_file(mini: Path, runner) -> None:
    (mini / "bench.json").write_text("not json")
    result = runner.invoke(compare_command, [str(mini)])
    assert result.exit_code == 2
    assert "is not a report of `diptych bench --json`" in result.output


@settings(
    max_examples=3,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(spec=valid_specs())
def test_the_comparison_of_a_random_spec_holds_true(spec: dict) -> None:
    """Every concept found, ids unique, names cited present, numbers computed: on any spec."""
    import tempfile

    from generator.rendering import render_apps

    note(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False))
    with tempfile.TemporaryDirectory(prefix="diptych-compare-") as scratch:
        out = Path(scratch) / "out"
        render_apps(spec, out, force=True)
        comparison = build(out)
        assert not comparison.missing, comparison.missing
        html_path, _ = write_comparison(out)
        ids = re.findall(r'id="([^"]+)"', html_path.read_text())
        assert len(ids) == len(set(ids))
        assert not _absent_names(comparison, out)
        _assert_numbers_computed(comparison)
        assert all(in_place(row.django) and in_place(row.flask) for row in comparison.security)
