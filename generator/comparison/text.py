"""Fixed prose of the comparison, shared by the HTML and Markdown writers."""

from __future__ import annotations

INTRO = (
    "Two apps rendered from one spec: they answer every request identically "
    "(same URLs, status codes and JSON), so every difference below is a difference "
    "between the frameworks, not between the apps. Each section shows the code "
    "that implements one concept, taken from the generated files (path and line "
    "numbers in the caption), Django on the left and Flask on the right."
)

LAYOUT_NOTE = (
    "Django projects have two levels: a project package (here `{site}/`, made by "
    "`django-admin startproject`, holding settings and the root URLs) and one or more "
    "apps (here `{slug}/`, made by `startapp`, holding models, admin, views). We keep "
    "startproject's naming rather than cookiecutter-django's `config/`, so the tree "
    "matches the official tutorial a reader opens next. Django finds several files by "
    "their place: `admin.py`, `migrations/`, `management/commands/`.\n\n"
    "The Flask app is one package, `{slug}/`, shaped like Flask's own tutorial: "
    "`create_app()` in `__init__.py`, one module per concern, extensions created in "
    "`extensions.py`. Flask imposes none of this: every module is wired to the app by "
    "an explicit import or `register_blueprint()`. Alembic's migrations sit in "
    "`migrations/` beside the package."
)

FIGURES_NOTE = (
    "Measured on this render. Lines are non-blank and non-comment (docstrings "
    "count); config means TOML, YAML, INI and similar; diptych's own "
    "`.copier-answers.yml` is not counted."
)

CONCEPT_LINES_NOTE = (
    "Lines of the code shown in each section above, so a concept's cost can be "
    "compared directly. Sections that show a whole file count the whole file."
)

PACKAGES_NOTE = (
    "Direct runtime dependencies declared in each app's `pyproject.toml`, mapped to "
    "the features they provide. Django's own package covers several rows."
)

SECURITY_NOTE = (
    'Where each protection is switched on in this render (`file:line`), or "none '
    'found" for the rows that check the absence of an unsafe construct. An empty '
    "cell means the protection was not found in this render."
)

CLAIMS_NOTE = (
    'The claims of a typical "Django or Flask in 2025" article, each checked against '
    "this render. Where a render cannot settle a claim, the last column names the "
    "measurement that can."
)
