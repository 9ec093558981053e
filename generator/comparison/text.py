"""Fixed prose of the comparison, shared by the HTML and Markdown writers."""

from __future__ import annotations

INTRO = (
    "Two apps rendered from one spec. Both honour one contract (`docs/contract.md` in "
    "diptych): the same URLs, status codes, JSON shapes and permissions under `/api/`, "
    "checked by diptych's contract suite. They are not identical, and the contract's "
    "Known differences list what a client can tell apart: the wording of error messages, "
    "the status of a form refused for its CSRF token (403 in Django, 400 from Flask-WTF), "
    "page titles and the admin's look, the order of a list sorted by a relation "
    "(`?ordering=` on a foreign key), and what `OPTIONS` says of the token and `/me/` "
    "views. Each section shows the "
    "code that implements one concept, taken from the generated files, Django on the "
    "left and Flask on the right."
)

HOW_TO_READ = (
    "Read from the top: the sections follow a learner's path, from the files on disk to "
    "settings, one request's journey through each app, models, migrations, the admin, "
    "accounts, the API, security, HTML templates, tests, "
    "deployment and performance, with the figures last. Each section starts with a note "
    "that explains the concept in both frameworks, then shows the code side by side (one "
    "column on a narrow screen). Every caption is the file and its line numbers, and a "
    "link that opens the file in this render. Models, admin pages and API resources have "
    "a switcher: pick an entity to see its code. Every number on the page is counted "
    "from this render; a claim this render cannot check says so."
)

LAYOUT_NOTE = (
    "Django projects have two levels: a project package (here `{site}/`, made by "
    "`django-admin startproject`, holding settings and the root URLs) and one or more "
    "apps (here `{slug}/`, made by `startapp`, holding models, admin, views). We keep "
    "startproject's naming rather than cookiecutter-django's `config/`, so the tree "
    "matches the official tutorial a reader opens next. Django finds several files by "
    "their place in an installed app: `admin.py`, `apps.py`, `migrations/`, "
    "`management/commands/`, `templates/` and `static/`; the settings module is not "
    "found by place but named by `DJANGO_SETTINGS_MODULE`.\n\n"
    "The Flask app is one package, `{slug}/`, shaped like Flask's own tutorial: "
    "`create_app` in `__init__.py`, one module per concern, extensions created in "
    "`extensions.py`. Flask finds `templates/` and `static/` beside the package, and "
    "its instance folder, by their place; every module is wired to the app by an "
    "explicit import or `register_blueprint`. Alembic's migrations sit in `migrations/` "
    "beside the package, where Flask-Migrate looks for them."
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
    "the features they provide; a declared package that no file of the app uses (by "
    "importing it, or through a library feature that needs it, as WTForms' `Email` "
    "validator needs email-validator) is listed apart and provides no feature here. "
    "Optional extras (the PostgreSQL driver) and development tools are listed apart too. "
    "Django's own package covers several rows."
)

SECURITY_TITLE = "What each framework gave by default, what the Flask app had to add"

SECURITY_COLUMNS = (
    "protection",
    "Django, by default",
    "Flask, by default",
    "what the Flask app adds",
    "with",
    "Django app",
    "Flask app",
)

SECURITY_NOTE = (
    "One row per protection that diptych's hostile-input suite tests on both apps: what "
    "Django (with Django REST Framework) does by default, and what the Django app adds "
    "where that is not enough; what Flask and the extension in use do by default; what the "
    "Flask app had to add, and with which library; then the line of this render where "
    'each app switches it on (`file:line`, a link to the file). "not found" means this '
    "render does not show it; no count on this page treats a protection it cannot find as "
    "present."
)

UNSAFE_NOTE = (
    "Unsafe constructs searched for in every file. Finding none is not a protection, and "
    "no count on this page treats it as one; the protection is the default behind it "
    "(autoescaping templates, parameterised ORM queries)."
)

CLAIMS_NOTE = (
    'The claims of a typical "Django or Flask in 2025" article, each with the evidence '
    "measured on this render (lines, packages, the protections found, bench figures when "
    "`bench.json` is here). Where nothing measured supports or refutes a claim, the row "
    "says so, and the last column says what is not measured."
)
