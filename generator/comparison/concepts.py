"""The concepts the comparison walks through, in a learner's order, with notes and locators.

The page is a sequence of :data:`CHAPTERS` (layout, settings, models,
migrations, admin, accounts, API, security, tests, deploy, performance,
figures). Each chapter holds :class:`Concept` sections; a concept says where
its code lives in the Django app and in the Flask app (see :mod:`.locate`).
Per-entity concepts (model, admin, API) carry a ``tab``: the page shows them
as one section with a switcher, whose shared explanation is the chapter's
introduction, so it is written once.

Notes are written for readers who know Python but neither framework. Their
rules, which ``tests/test_comparison.py`` checks on every bundled render:
every name in backticks is in the render (or in :data:`NAMED_NOT_SHOWN`, with
its reason), and every number is computed, never typed: a note is a template
whose ``{placeholders}`` are filled from ``numbers`` and from the lines shown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field

from ..model import Entity
from ..model import Project
from .locate import Defs
from .locate import File
from .locate import Locator
from .locate import Optional
from .locate import Statements


@dataclass(frozen=True)
class Chapter:
    """One part of the page, in the table of contents; its intro is shared by its sections."""

    key: str
    title: str
    intro: str = ""


CHAPTERS = (
    Chapter("layout", "Project layout"),
    Chapter("configuration", "Settings and dependencies"),
    Chapter(
        "journey",
        "One request's journey: the home page",
        "Follow `GET /` through each app: the URL is matched to a view, the view gathers "
        "its data, a template turns it into HTML, and the framework sends the response.",
    ),
    Chapter(
        "models",
        "Models",
        "A model is a Python class mapped to a database table. Django declares each field "
        "as a `models.Field` attribute (`CharField`, `ForeignKey`...): the field carries the "
        "database type, the validation (`max_length`, validators) and the form widget, so "
        'the admin, forms and the API all read their rules from this one place ("fat '
        'models"). The table name, the `id` primary key and the `objects` manager come '
        "for free; a many-to-many field is one line, and Django creates the link table.\n\n"
        "SQLAlchemy (through Flask-SQLAlchemy) declares columns with `mapped_column` and "
        "type hints (`Mapped[str]`). A column knows its SQL type and constraints; the "
        "extensions that read models derive what they can from it (Flask-Admin builds form "
        "fields and validators from the columns, marshmallow-sqlalchemy's `auto_field` "
        "reads the type, nullability and length), and the rest is written beside them: "
        "the marshmallow schema adds validators such as `Length`, so the Flask side states "
        "some rules twice. A many-to-many needs the association table spelled out and a "
        "relationship with secondary= naming it.\n\n"
        "Pick an entity with the switcher; without CSS every entity is listed in turn.",
    ),
    Chapter("migrations", "Migrations and command-line tasks"),
    Chapter(
        "admin",
        "The admin",
        "The admin is a back office generated from the models. In Django it is built in "
        "(`django.contrib.admin`): `admin.register` and a few class attributes "
        "(`list_display`, and search fields and filters where the spec asks for them) give "
        "list, search, filters and forms with the model's own validation.\n\n"
        "Flask-Admin (an extension) offers the same shape with a `ModelView` subclass "
        "(`column_list`, and searchable columns and filters likewise) added to an `Admin` "
        "object with `add_view`. It knows nothing about users: who may enter is the "
        "`is_accessible` method the app writes (shown first).",
    ),
    Chapter("accounts", "Users, login and tokens"),
    Chapter(
        "api",
        "The JSON API",
        "Django's side is Django REST Framework (DRF): a `ModelSerializer` derives its "
        "fields and validators from the model, a `ModelViewSet` gives list, create, "
        "retrieve, update and delete in one class, and `DefaultRouter` derives both URLs "
        "of a resource from one `register` call. Pagination, search, ordering, filters "
        "(django-filter), content negotiation and the JSON error bodies come from the "
        "packages; the OpenAPI document comes from drf-spectacular.\n\n"
        "The Flask side is flask-smorest, marshmallow's own REST framework: a "
        "`flask_smorest.Blueprint` whose `MethodView` classes are decorated with "
        "`bp.arguments` (webargs reads the query string and the body through a marshmallow "
        "schema) and `bp.response` (the answer is dumped through another), and whose "
        "OpenAPI document (apispec) is generated from those decorators; the schemas are "
        "marshmallow-sqlalchemy's `SQLAlchemySchema` with `auto_field`, and pages come from "
        "Flask-SQLAlchemy's `db.paginate`. It was chosen over APIFlask, the other serious "
        "candidate, because it is the closer twin of DRF for this contract: it keeps "
        "Flask's own `MethodView` and marshmallow-sqlalchemy's model schemas, as DRF keeps "
        "Django's views and model serializers, while APIFlask asks for its own subclass "
        "of the Flask class and brings its own conventions for inputs, outputs and errors.\n\n"
        "What neither library gives is written by each app. DRF leaves the Django app "
        "only what is particular to this contract: where an entity has an owner, the owner "
        "rule (a permission class) and setting the owner on create; where a true/false "
        "field is filtered, a filter that refuses any other value. flask-smorest has no permission "
        "classes, search, ordering or DRF's page envelope, so the Flask app writes them "
        "once, each in a small module named for what it does: `resources.py` (`register`, "
        "the list and item views of one model, as the router adds a viewset's URLs; "
        "`dispatch`, OPTIONS, `405` and `415` in DRF's order; `save`, a unique value another "
        "row holds is a `400`), `filters.py` (`search_terms` for `?search=`, quoted phrases "
        "as one term, and `order_by` for `?ordering=`), `pagination.py` (DRF's envelope and "
        "its `next` and `previous` links around `db.paginate`), `fields.py` (DRF's formats "
        "as marshmallow fields) and `errors.py` (`json_error`, every HTTP error as "
        '`{"detail": ...}`). `api.py` itself only lists the models and who may use them.',
    ),
    Chapter(
        "security",
        "Security",
        "diptych's hostile-input suite tries the same attacks on both apps (a copied session "
        "cookie, a staff user in the users' admin, oversized and deeply nested bodies, NUL "
        "bytes, one wrong password after another, a forged proxy header, markup in the "
        "spec's help text) and asks both for the same safe answer. Where the protection "
        "comes from is what differs.\n\n"
        "Django gave most of it by default: the CSRF middleware, database sessions tied to "
        "the password, the password validators, `ModelBackend`, which takes as long for an "
        "unknown username as for a known one, an admin for staff only, a checked `?next=`, a "
        "body size limit and the clickjacking and MIME-sniffing headers. The Django app adds "
        "django-axes for login throttling and a few answers DRF leaves to Python or to "
        "Django's HTML pages (deeply nested JSON, errors under the API's URLs).\n\n"
        "Flask gave almost none of it, so the Flask app adds each: Flask-WTF's "
        "`CSRFProtect`, Flask-Login's alternative token for sessions that end, Flask-Admin's "
        "`is_accessible` for the admin's roles, Werkzeug's password hashes and `ProxyFix`, "
        "marshmallow and webargs hooks for the bodies, and its own code for the rest: the "
        "login throttle, the username and password rules, the `?next=` check and the "
        "headers. The table at the end of this chapter gives every protection the line that "
        "switches it on in each app; one it cannot find is marked, never assumed.",
    ),
    Chapter(
        "templates",
        "HTML templates",
        "HTML pages come from a template engine: Django's own template language in the "
        "Django app, Jinja in the Flask app. Jinja was modelled on Django's, so the two "
        "read alike: a page extends a base page and fills its blocks, loops with `for` and "
        "tests with `if`. Both escape every value they print, so a username or a title "
        "holding markup is shown as text, never run: Django's engine always, Flask's Jinja "
        "for templates whose names end in .html (and a few other markup suffixes). "
        "Turning it off is explicit (`autoescape off`, the `safe` filter), and the table "
        "of unsafe constructs in the Security chapter lists every place this render does "
        "it.\n\n"
        "Where they differ is how much Python a template may hold. Django's language keeps "
        "logic out on purpose: no function calls with arguments, tags such as `url` and "
        "`csrf_token` instead. Jinja's expressions are close to Python: `url_for` and "
        "`csrf_token` are functions called in the template, and a form field is rendered "
        "by calling it.",
    ),
    Chapter("testing", "Tests"),
    Chapter("deploy", "Deployment"),
    Chapter("performance", "Performance"),
    Chapter("figures", "Figures and claims"),
)

NAMED_NOT_SHOWN: Mapping[str, str] = {
    "models.Field": "the base class of Django's field classes, named to explain them",
    "APIFlask": "the library flask-smorest was chosen over",
    "HTTPTokenAuth": "Flask-HTTPAuth's token scheme, which this app does not use",
    "config/": "cookiecutter-django's settings folder, named to explain a choice",
}
"""Names a note puts in backticks that are library API, not code of the render."""


@dataclass(frozen=True)
class Concept:
    """One section of the comparison: a title, a note, and where to find the code."""

    key: str
    """Anchor and test id (``model-post``); entity snakes hold no ``-``, generic keys two."""
    title: str
    note: str
    """A template: ``{name}`` placeholders filled from ``numbers`` and the lines shown
    (``django_lines``, ``flask_lines``; ``django_first``, ``flask_first`` for the first
    snippet); other braces are kept as they are."""
    django: Sequence[Locator] = field(default_factory=tuple)
    flask: Sequence[Locator] = field(default_factory=tuple)
    figure_group: str = ""
    """The row of the per-concept line counts this concept adds to (``models``)."""
    chapter: str = ""
    tab: str = ""
    """The switcher's label (an entity name) for per-entity concepts."""
    numbers: Mapping[str, int] = field(default_factory=dict)
    """Counts computed from the spec, for the note's placeholders."""


SETTINGS = "*_site/settings.py"
DJ_APP = "*"  # the app package (the *_site project package has no models, api or admin)


def concepts(project: Project) -> list[Concept]:
    """Every section, in reading order, for the entities of ``project``."""
    entities = project.entities
    return [
        _settings(),
        _dependencies(),
        _routing(),
        _view(),
        _template(),
        *(_model(project, entity) for entity in entities),
        _migrations(),
        _commands(),
        _admin_site(),
        *(_admin(project, entity) for entity in entities),
        _user(),
        _signup(),
        _password_reset(),
        _token(),
        _permissions(),
        _api_layer(),
        *(_api(project, entity) for entity in entities),
        _queries(project),
        _forms(),
        _security(),
        _limits(),
        _base_template(),
        _form_template(),
        _tests(),
        _deploy(),
    ]


def _others_longer(project: Project, entity: Entity) -> str | None:
    """A regex for names that belong to a longer entity sharing this prefix (Book/BookReview)."""
    longer = [e.name for e in project.entities if e.name != entity.name]
    longer = [name for name in longer if name.startswith(entity.name)]
    return "|".join(f"{re.escape(name)}\\w*" for name in longer) or None


def _settings() -> Concept:
    return Concept(
        "settings",
        "Settings and configuration",
        "Django reads one settings module, named by the `DJANGO_SETTINGS_MODULE` "
        "environment variable (`manage.py` and `wsgi.py` set it) and imported once at "
        "start-up; every installed part (the admin, auth, the REST framework) finds its "
        "options there by a well-known name such as `INSTALLED_APPS` or `DATABASES`. "
        "Adding a feature is often one line in `INSTALLED_APPS` plus one in `urls.py`.\n\n"
        "Flask has no settings module: `app.config` is a dictionary filled by the "
        "application factory `create_app`, here from the environment by `config.py`. Each "
        "extension is created once in `extensions.py` and bound to the app with "
        "`init_app`, and the factory registers the blueprints. More lines are yours, but "
        "you can read exactly what is switched on, and tests can build a fresh app with a "
        "different configuration. Both read `DATABASE_URL`, `SECRET_KEY` and `DEBUG` from "
        "the environment in one visible place.",
        django=(File(SETTINGS),),
        flask=(
            File("*/config.py"),
            Defs("*/__init__.py", "create_app"),
            Optional(File("*/extensions.py")),
        ),
        figure_group="settings",
        chapter="configuration",
    )


def _dependencies() -> Concept:
    return Concept(
        "dependencies",
        "Dependencies",
        "What each app installs, from its `pyproject.toml`. The Django list is short "
        "because Django itself brings the ORM, migrations, auth, forms, CSRF and the "
        "admin; Django REST Framework adds the API. The Flask list names one package "
        "per feature (SQLAlchemy, Alembic, Flask-Login, Flask-WTF, Flask-Admin, "
        "marshmallow, flask-smorest): more choices to make, each replaceable. The figures "
        "at the end map each package to the features it provides, and say which declared "
        "packages the app's own files never name.",
        django=(File("pyproject.toml"),),
        flask=(File("pyproject.toml"),),
        figure_group="config",
        chapter="configuration",
    )


def _routing() -> Concept:
    return Concept(
        "routing",
        "Routing: from a URL to a view",
        "Django's `ROOT_URLCONF` setting names the root URL module; its `urlpatterns` list "
        "maps patterns to views with `path`, and `include` hands a prefix on to the app's "
        "own `urls.py`. Routes are data, read top to bottom, and each has a name that "
        "`reverse` turns back into a URL.\n\n"
        "In Flask a route is a decorator on the view function (`bp.route`); a `Blueprint` "
        "groups the routes of one part of the app, and `register_blueprint` mounts it in "
        "`create_app`. The endpoint name (`views.home`) is what `url_for` turns back into a "
        "URL.",
        django=(
            File("*_site/urls.py"),
            Statements(f"{DJ_APP}/urls.py", r"urlpatterns", "the app's URLs"),
        ),
        flask=(
            Statements("*/views.py", r"Blueprint\(", "the blueprint"),
            Statements("*/__init__.py", r"register_blueprint", "mounted in create_app"),
        ),
        figure_group="pages",
        chapter="journey",
    )


def _view() -> Concept:
    return Concept(
        "home-view",
        "The view: gathering the page's data",
        "The Django view is a class-based view: `TemplateView` renders `template_name` and "
        "`get_context_data` adds what the template needs (here each entity's count and "
        "links, from `objects.count` and `reverse`).\n\n"
        "The Flask view is a plain function: it runs its queries through `db.session` and "
        "returns `render_template` with the same data as keyword arguments. Both return a "
        "response object in the end; Flask builds it from the returned string.",
        django=(Defs(f"{DJ_APP}/views.py", r"HomeView"),),
        flask=(Defs("*/views.py", r"home"),),
        figure_group="pages",
        chapter="journey",
    )


def _template() -> Concept:
    return Concept(
        "home-template",
        "The template: HTML from the data",
        "The home page's template, in each app's template language: Django's own, and "
        "Jinja, which was modelled on it. Both fill the blocks of a base page, loop over the "
        "entities with `for`, and escape every value they print; the HTML templates chapter "
        "further down compares the two languages on the base page and on a form.",
        django=(File(f"{DJ_APP}/templates/*/home.html"),),
        flask=(File("*/templates/home.html"),),
        figure_group="pages",
        chapter="journey",
    )


def _model(project: Project, entity: Entity) -> Concept:
    relations = [f"`{f.name}`" for f in entity.fields if f.is_relation]
    m2m = [f"`{f.name}`" for f in entity.fields if f.is_m2m]
    count = len(entity.fields)
    note = "`{entity}` has {fields} " + ("field" if count == 1 else "fields") + " from the spec"
    if relations:
        note += ", with the " + ("relation " if len(relations) == 1 else "relations ")
        note += ", ".join(relations)
    note += "."
    if m2m:
        note += " The many-to-many " + ", ".join(m2m) + " needs its association table in Flask."
    if entity.timestamps:
        note += (
            " The timestamp columns are filled by the server, not by clients: Django uses "
            "`auto_now_add` and `auto_now`, SQLAlchemy `default` and `onupdate`."
        )
    if entity.owner:
        note += (
            " The `owner` is not sent by clients: the API sets it to the user making the "
            "request (`perform_create` in Django, the `owned` flag of `register` in Flask)."
        )
    snake = re.escape(entity.snake)
    exclude = _others_longer(project, entity)
    return Concept(
        f"model-{entity.snake}",
        f"The {entity.name} model",
        note.replace("{entity}", entity.name),
        django=(Defs(f"{DJ_APP}/models.py", re.escape(entity.name), exclude),),
        flask=(
            Defs("*/models.py", re.escape(entity.name), exclude),
            Optional(
                Statements("*/models.py", rf"\bTable\(\s*['\"]{snake}_", "the association table")
            ),
        ),
        figure_group="models",
        chapter="models",
        tab=entity.name,
        numbers={"fields": count},
    )


def _migrations() -> Concept:
    return Concept(
        "migration-files",
        "Migrations",
        "A migration is a script that changes the database schema from one version to "
        "the next. Django writes them itself: `manage.py makemigrations` compares the "
        "models with the migration history and writes a Python file of operations such "
        "as `CreateModel`; `manage.py migrate` applies them. Migrations "
        "are part of Django.\n\n"
        "Flask uses Alembic through the Flask-Migrate extension: `flask db migrate` "
        "autogenerates a revision by comparing the SQLAlchemy metadata with the live "
        "database, and `flask db upgrade` runs its `upgrade` function of "
        "`op.create_table` calls. Alembic's autogenerate is a draft to review "
        "(it cannot see renames, for example); Django's autodetector asks you about "
        "them. `flask db check` and `makemigrations --check` both fail when models "
        "and migrations disagree.",
        django=(Defs(f"{DJ_APP}/migrations/0001_initial.py", "Migration"),),
        flask=(
            Defs("migrations/versions/0001_initial.py", "upgrade"),
            Optional(Defs("migrations/versions/0001_initial.py", "downgrade")),
        ),
        figure_group="migrations",
        chapter="migrations",
    )


def _commands() -> Concept:
    return Concept(
        "commands",
        "Command-line tasks",
        "Both frameworks extend one command-line tool. Django finds every module in "
        "an app's `management/commands/` folder and runs it as `python manage.py "
        "<name>`; the `Command` class parses options with argparse. Its migrate, "
        "createsuperuser, runserver and shell commands are built in.\n\n"
        "Flask's `flask` command is built on click: functions decorated with "
        "`click.command` and registered with `app.cli.add_command` become "
        "`flask <name>`. `flask run` and `flask shell` are built in, `flask db ...` "
        "comes from Flask-Migrate, and `create-admin` is written here because Flask "
        "has no users of its own.",
        django=(File(f"{DJ_APP}/management/commands/seed_demo.py"),),
        flask=(File("*/commands.py"),),
        figure_group="commands",
        chapter="migrations",
    )


def _admin_site() -> Concept:
    return Concept(
        "the-admin-site",
        "The admin site and who may enter",
        "Django's admin is an installed app (`django.contrib.admin`) mounted at one URL; "
        "its own login page lets in only active users with `is_staff`, and each page "
        "then asks the model admin's `has_view_permission` and its siblings. Django "
        "imports every app's `admin.py` by itself at start-up (autodiscovery). Here "
        "`StaffModelAdmin` answers those questions with one rule (staff manage every "
        "entity) and `SuperuserOnly` keeps users and tokens to superusers.\n\n"
        "Flask-Admin builds the pages but knows nothing about users: the app writes a "
        "mixin, `StaffOnly`, whose `is_accessible` asks Flask-Login whether the current "
        "user is staff, and whose `inaccessible_callback` sends others to the login page "
        "(or answers `403`). Every model view and the index view must use it; a view "
        "that forgets it is public. The `Admin` object is created in `extensions.py` "
        "and bound to the app like any other extension.",
        django=(
            Statements("*_site/urls.py", r"admin\.site", "the admin URL"),
            Optional(Defs(f"{DJ_APP}/admin.py", r"StaffModelAdmin|SuperuserOnly")),
        ),
        flask=(
            Defs("*/admin.py", r"\w*(Staff|Secure|Protected|Base|Superuser)\w*|\w*IndexView"),
            Optional(Defs("*/admin.py", "init_app")),
        ),
        figure_group="admin",
        chapter="admin",
    )


def _admin(project: Project, entity: Entity) -> Concept:
    name = re.escape(entity.name)
    exclude = _others_longer(project, entity)
    listed = ", ".join(f"`{column}`" for column in entity.admin_list) or "the default columns"
    searched = ", ".join(f"`{column}`" for column in entity.admin_search) or "nothing"
    return Concept(
        f"admin-{entity.snake}",
        f"The {entity.name} admin",
        f"In the list: {listed}; search over {searched}.",
        django=(Defs(f"{DJ_APP}/admin.py", f"{name}\\w*", exclude),),
        flask=(Defs("*/admin.py", f"{name}\\w*", exclude),),
        figure_group="admin",
        chapter="admin",
        tab=entity.name,
    )


def _user() -> Concept:
    return Concept(
        "user",
        "The user model and password hashing",
        "Django ships a complete user model. The app subclasses `AbstractUser` from "
        "the very first migration and points `AUTH_USER_MODEL` at it, as Django's "
        "docs recommend: changing the user model later is painful. Passwords are "
        "hashed by `set_password` with the algorithm Django's `PASSWORD_HASHERS` setting "
        "names (PBKDF2 with a random salt by default), and `AUTH_PASSWORD_VALIDATORS` "
        "rejects similar, short, common or all-numeric passwords.\n\n"
        "Flask has no user model: this one is written out, with the columns the "
        "contract needs (`username`, `password_hash`, `is_staff`, `is_active`). "
        "Flask-Login only needs a few attributes (`UserMixin`), and hashing is one "
        "call to Werkzeug's `generate_password_hash` (a salted, slow hash) and "
        "`check_password_hash`. Nothing stores a plain password on either side.",
        django=(
            Defs(f"{DJ_APP}/models.py", "User"),
            Optional(Statements(SETTINGS, r"AUTH_USER_MODEL", "settings: the user model")),
            Optional(
                Statements(SETTINGS, r"AUTH_PASSWORD_VALIDATORS", "settings: password validators")
            ),
        ),
        flask=(
            Defs("*/models.py", "User"),
            Optional(
                Statements("*/extensions.py", r"login_manager|user_loader", "the login manager")
            ),
        ),
        figure_group="auth",
        chapter="accounts",
    )


def _signup() -> Concept:
    return Concept(
        "signup",
        "Sign-up, login and logout",
        "Django's `django.contrib.auth` provides the login and logout views (and "
        "`UserCreationForm`), so the app only writes the sign-up view, includes "
        "`django.contrib.auth.urls` for `/accounts/...`, and routes the login to "
        "`LoginView` with its own form. `login` stores the user's id in the "
        "session, and `request.user` names the user in every view.\n\n"
        "On the Flask side the `auth` blueprint holds all three views, written out: "
        "validate the form, look the user up, check the password hash, then "
        "Flask-Login's `login_user` stores the user in the signed session cookie. "
        "The `?next=` check (`is_local_url`) is there by hand, to refuse redirects to "
        "other sites; Django's `LoginView` does the same check internally, with "
        "`url_has_allowed_host_and_scheme`.",
        django=(
            Defs(f"{DJ_APP}/views.py", r".*sign_?up.*|.*register.*"),
            Optional(Defs(f"{DJ_APP}/forms.py", r".*sign_?up.*|.*creation.*")),
            Optional(
                Statements(f"{DJ_APP}/urls.py", r"accounts|login|logout|signup", "the account URLs")
            ),
            Optional(
                Statements("*_site/urls.py", r"accounts|login|logout|signup", "the account URLs")
            ),
        ),
        flask=(
            Defs("*/auth.py", r".*sign_?up.*|.*register.*|login|logout|is_local_url"),
            Optional(Statements("*/auth.py", r"Blueprint\(", "the blueprint")),
        ),
        figure_group="auth",
        chapter="accounts",
    )


def _password_reset() -> Concept:
    return Concept(
        "password-reset",
        "Password reset by email",
        "`django.contrib.auth.urls` already routes `/accounts/password_reset/` and "
        "`/accounts/reset/<uidb64>/<token>/` to Django's views; the app only writes "
        "their templates in `registration/` and the `EMAIL_*` settings. Django's token "
        "generator hashes the user's id, password hash and last login with "
        "`SECRET_KEY`, so a link expires (`PASSWORD_RESET_TIMEOUT`) and dies once "
        "used, with nothing stored.\n\n"
        "Flask has none of it: Flask-Mailman ports Django's mail API (`EmailMessage`, "
        "console and SMTP backends), and `passwords.py` writes the four views, with a "
        "token that itsdangerous signs with `SECRET_KEY`, salted with the password "
        "hash, so it too expires and dies once the password changes.",
        django=(
            Statements("*_site/urls.py", r"django\.contrib\.auth\.urls", "the account URLs"),
            Optional(Statements(SETTINGS, r"EMAIL_", "settings: email")),
        ),
        flask=(
            File("*/passwords.py"),
            Optional(Statements("*/config.py", r"MAIL_", "settings: mail")),
        ),
        figure_group="auth",
        chapter="accounts",
    )


def _token() -> Concept:
    return Concept(
        "token",
        "Token authentication and /api/me/",
        "API clients send `Authorization: Token <key>`. Django REST Framework ships "
        "this: the `rest_framework.authtoken` app brings the `Token` model and its "
        "migration, `ObtainAuthToken` the `POST /api/token/` view, and "
        "`TokenAuthentication` in `REST_FRAMEWORK` reads the header on every "
        "request.\n\n"
        "Flask has no token scheme built in. Flask-HTTPAuth offers one (`HTTPTokenAuth`), "
        "with a current user of its own; this app instead adds a Flask-Login "
        "`request_loader`, so one `current_user` serves the session and the token alike, "
        "and writes the other parts: a `Token` model and the `token` view that checks the "
        "password and returns a key. It is short, but it is security code you own, which "
        'is the trade-off the "extensions" side of the debate is about.',
        django=(
            Defs(f"{DJ_APP}/api.py", r".*token.*|me|me_?view|.*_me"),
            Optional(Statements(f"{DJ_APP}/urls.py", r"token|api/me", "the token and me URLs")),
            Optional(
                Statements(SETTINGS, r"REST_FRAMEWORK|authtoken", "settings: the REST framework")
            ),
        ),
        flask=(
            Optional(Defs("*/models.py", "Token")),
            Defs("*/api.py", r".*token.*|me|me_?view|.*_me"),
            Optional(Defs("*/extensions.py", r".*(token|request|load).*")),
            Optional(Defs("*/auth.py", r".*token.*|load_user.*")),
        ),
        figure_group="auth",
        chapter="accounts",
    )


def _permissions() -> Concept:
    return Concept(
        "permissions",
        "Permissions",
        "Who may read and who may write each resource (`api.read`, `api.write` in the "
        "spec). DRF has a permission class protocol: `has_permission` for the "
        "request and `has_object_permission` for one object, listed in a view's "
        "`permission_classes`; DRF turns a refusal into `401` or `403` with a JSON body.\n\n"
        "Flask has no permission layer, so `permissions.py` holds classes of the same "
        "shape (`BasePermission` with `has_permission` and `has_object_permission`), "
        "twins of DRF's, and `check_permissions` beside them asks them and chooses the "
        "status code itself. The rules are the same (the owner or staff may change an "
        "object).",
        django=(
            Optional(File(f"{DJ_APP}/permissions.py")),
            Statements(f"{DJ_APP}/api.py", r"permission_classes", "each view's permissions"),
        ),
        flask=(File("*/permissions.py"),),
        figure_group="api",
        chapter="accounts",
    )


def _api_layer() -> Concept:
    return Concept(
        "api-generic-layer",
        "The generic API layer: what every resource shares",
        "Before any resource, the machinery every resource shares: on the Django side the "
        "`REST_FRAMEWORK` settings, the router and the few classes `api.py` adds for every "
        "viewset; on the Flask side the modules named above and the base schemas of "
        "`schemas.py`. Counted in this render: "
        "{django_lines} lines in Django, {flask_lines} lines in Flask.",
        django=(
            Statements(SETTINGS, r"REST_FRAMEWORK", "settings: the REST framework"),
            Optional(
                Statements(SETTINGS, r"SPECTACULAR_SETTINGS", "settings: the OpenAPI document")
            ),
            Optional(Statements(f"{DJ_APP}/urls.py", r"DefaultRouter\(", "the router")),
            Optional(Defs(f"{DJ_APP}/api.py", r"TrueOrFalseFilter|OpenAPIView")),
        ),
        flask=(
            File("*/resources.py"),
            File("*/filters.py"),
            File("*/pagination.py"),
            File("*/fields.py"),
            File("*/parsers.py"),
            File("*/errors.py"),
            File("*/openapi.py"),
            Optional(Statements("*/api.py", r"Blueprint\(|ARGUMENTS_PARSER", "the blueprint")),
            Optional(Statements("*/config.py", r"^OPENAPI", "settings: the OpenAPI document")),
            Defs("*/schemas.py", r"Body|ModelSchema"),
        ),
        figure_group="api",
        chapter="api",
    )


def _api(project: Project, entity: Entity) -> Concept:
    name = re.escape(entity.name)
    plural_name = re.escape(entity.plural)
    exclude = _others_longer(project, entity)
    route = (
        rf"(?s)\A(?=.*(register|add_url_rule|path\(|route))"
        rf"(?=.*(['\"/]{plural_name}['\"/]|{name}(ViewSet|List|Detail|API|View|Resource)\b))"
    )
    url = f"/api/{entity.plural}/"
    return Concept(
        f"api-{entity.snake}",
        f"The {entity.name} API: {url}",
        f"`{url}` and `{url}<id>/`: serializer and viewset in Django, routed by one "
        "`register` call; schema and one `register` call in Flask, which adds both URL "
        "rules to the blueprint.",
        django=(
            Defs(f"{DJ_APP}/serializers.py", f"{name}\\w*", exclude),
            Defs(f"{DJ_APP}/api.py", f"{name}\\w*", exclude),
            Optional(Statements(f"{DJ_APP}/urls.py", route, "routing")),
            Optional(Statements(f"{DJ_APP}/api.py", route, "routing")),
        ),
        flask=(
            Defs("*/schemas.py", f"{name}\\w*", exclude),
            Statements("*/api.py", route, "the views and their URLs"),
        ),
        figure_group="api",
        chapter="api",
        tab=entity.name,
    )


def _queries(project: Project) -> Concept:
    # DRF writes a foreign key as its id, so only the owner's name needs a join
    joins = any(e.owner for e in project.entities)
    m2m = any(f.is_m2m for e in project.entities for f in e.fields)
    loads = []
    if joins:
        loads.append("`select_related` joins the owner's row into the same query")
    if m2m:
        loads.append("`prefetch_related` loads every many-to-many link in one more query")
    searched = any(e.admin_search for e in project.entities)
    search = "`icontains` terms joined by `db.or_` for the search, " if searched else ""
    django = (
        "A Django query set is lazy: the viewset's `queryset` is a recipe, and DRF's "
        "filter backends add to it (django-filter's filters, `SearchFilter` and "
        "`OrderingFilter`, all listed in `REST_FRAMEWORK`) before the paginator runs it"
    )
    django += ("; " + " and ".join(loads) + ".") if loads else "."
    return Concept(
        "orm-queries",
        "ORM queries: the list, its filters and its joins",
        django + "\n\n"
        "SQLAlchemy's query is a `select` statement built step by step in the list view: "
        "`options` with `joinedload` or `selectinload` for the relations, `filter_by` for "
        f"the filters, {search}`order_by`, and `db.paginate` runs it for one page and "
        "counts the rows.",
        django=(Statements(f"{DJ_APP}/api.py", r"^\s*queryset\s*=", "the querysets"),),
        flask=(
            Statements(
                "*/resources.py",
                r"loads = |select = |select\.where|select\.order_by",
                "the list query",
            ),
            Statements("*/pagination.py", r"db\.paginate\(select", "one page of it"),
        ),
        figure_group="api",
        chapter="api",
    )


def _forms() -> Concept:
    return Concept(
        "forms",
        "Forms and CSRF",
        "HTML forms need validation and protection against cross-site request forgery "
        "(another site making your browser post a form). Django's `CsrfViewMiddleware` "
        "is in a new project's `MIDDLEWARE`: every unsafe request without a valid token "
        "gets `403`, and a template adds `{% csrf_token %}`. Django forms "
        "(`AuthenticationForm`, `UserCreationForm`) validate and render fields.\n\n"
        "Flask's core has neither: WTForms, through Flask-WTF, validates, and each "
        "`FlaskForm` checks its own CSRF token when it validates. `CSRFProtect` in "
        "`extensions.py` goes further: it checks every unsafe request to the app, "
        "including views with no form (such as `logout`), and the API's "
        "`check_authentication` (in `permissions.py`) calls `csrf.protect` for writes made "
        "with a session cookie. Without "
        "`CSRFProtect` the forms would still be checked, but a form-less view would "
        "not. Token requests need no CSRF check: browsers do not send the header by "
        "themselves.",
        django=(
            File(f"{DJ_APP}/forms.py"),
            Optional(Statements(SETTINGS, r"MIDDLEWARE", "settings: middleware (CSRF)")),
        ),
        flask=(
            File("*/forms.py"),
            Optional(Statements("*/extensions.py", r"(?i)csrf", "CSRF protection")),
            Optional(Statements("*/__init__.py", r"(?i)csrf", "CSRF protection")),
        ),
        figure_group="forms",
        chapter="security",
    )


def _security() -> Concept:
    return Concept(
        "sessions-and-throttling",
        "Sessions, login throttling and the admin's roles",
        "Django's sessions live in the database, and each carries a hash of the user's "
        "password: logout deletes the row and a new password invalidates every copy, so a "
        "copied cookie stops working. Login throttling comes from django-axes (an "
        "authentication backend, a middleware and its own tables, set by the `AXES_` "
        "settings); the sign-up form (`UserCreationForm`) refuses a username that exists "
        "in any case, and the four password validators are on in settings. "
        "`SECURE_PROXY_SSL_HEADER` is set only when `TRUSTED_PROXY_COUNT` says a proxy is "
        "in front.\n\n"
        "Flask's session is a signed cookie with nothing on the server, so the app uses "
        "Flask-Login's alternative token: the cookie names the user by `session_token`, "
        "which `end_sessions` replaces at logout and on a new password. No Flask "
        "extension throttles logins the way django-axes does, so the app writes it: a "
        "`LoginFailure` table and `authenticate` in `auth.py` (counted in the database, "
        "so every worker sees it; an unknown username costs a hash too, as in Django's "
        "`ModelBackend`). The username and password rules are ported into `forms.py` "
        "(`normalize_username`, `password_problems`, with Django's common-password list), "
        "and Werkzeug's `ProxyFix` wraps the app only when `TRUSTED_PROXY_COUNT` is set, "
        "behind `forwarded_schemes_checked`, which lets no scheme but http or https "
        "through.",
        django=(
            Optional(Defs(f"{DJ_APP}/forms.py", r"LoginForm|locked_out")),
            Statements(
                SETTINGS,
                r"AXES_|AUTHENTICATION_BACKENDS|TRUSTED_PROXY_COUNT|SECURE_PROXY",
                "settings: login throttling and proxies",
            ),
        ),
        flask=(
            Defs("*/auth.py", r"authenticate|_count_failure|LockedOut|load_user"),
            Optional(Defs("*/models.py", r"LoginFailure")),
            Optional(Defs("*/__init__.py", r"forwarded_schemes_checked")),
        ),
        figure_group="auth",
        chapter="security",
    )


def _limits() -> Concept:
    return Concept(
        "request-limits",
        "Limits: oversized, deeply nested and malformed bodies",
        "Django refuses a body larger than its `DATA_UPLOAD_MAX_MEMORY_SIZE` setting by "
        "default, and DRF's `CharField` refuses NUL bytes and lone surrogates in any text. "
        "The app adds what neither does: `JSONParser` in `parsers.py` answers JSON nested "
        "too deeply for Python with a `400` instead of letting the `RecursionError` "
        "through, and the `bad_request`, `not_found` and `server_error` views answer in JSON "
        "under the API's URLs, leaving Django's own pages everywhere else.\n\n"
        "Flask reads a body of any size until `MAX_CONTENT_LENGTH` is set (here to "
        "Django's default size), and marshmallow accepts any text, so the Flask app adds "
        "each: the setting in `config.py`; `Parser`, webargs' parser made to read deep JSON "
        "as a parse error; `refuse_bad_characters` on the base `Body` schema; and "
        "`json_error`, registered for every HTTP error, which writes DRF's error bodies.",
        django=(
            File(f"{DJ_APP}/parsers.py"),
            Defs(f"{DJ_APP}/views.py", r"bad_request|not_found|server_error"),
            Optional(Statements("*_site/urls.py", r"handler\d+\s*=", "the error views")),
        ),
        flask=(
            File("*/parsers.py"),
            Statements("*/config.py", r"MAX_CONTENT_LENGTH", "settings: the body limit"),
            Optional(Statements("*/schemas.py", r"BAD_CHARACTERS =", "the refused characters")),
            Defs("*/schemas.py", r"Body"),
            Defs("*/errors.py", r"json_error"),
            Optional(Statements("*/api.py", r"register_error_handler", "JSON errors")),
        ),
        figure_group="security",
        chapter="security",
    )


def _base_template() -> Concept:
    return Concept(
        "base-template",
        "The base page: inheritance, links and a form without a form class",
        "Every page of each app extends one `base.html`. Django finds it by place: "
        "`APP_DIRS` in the `TEMPLATES` setting puts every installed app's `templates/` "
        "folder on the search path. A link is never typed: the `url` tag reverses a route's "
        "name, as `reverse` does in Python. The log-out button is a form that POSTs, since "
        "logging out changes state, with the `csrf_token` tag inside. `user` is in every "
        "template because the `auth` context processor puts it there.\n\n"
        "Flask's Jinja finds `templates/` beside the package. `url_for` takes the blueprint's "
        "name before the view's (`auth.login`). The log-out form has no `FlaskForm` behind "
        "it, so it calls `csrf_token`, which Flask-WTF's `CSRFProtect` puts into every "
        "template; Flask-Login puts `current_user` there, and `get_flashed_messages` shows "
        "what a view passed to `flash`.",
        django=(
            File(f"{DJ_APP}/templates/base.html"),
            Optional(Statements(SETTINGS, r"^TEMPLATES", "settings: the template engine")),
        ),
        flask=(File("*/templates/base.html"),),
        figure_group="pages",
        chapter="templates",
    )


def _form_template() -> Concept:
    return Concept(
        "form-template",
        "A form page: logging in",
        "Django's `LoginView` renders `registration/login.html` (the name is Django's; the "
        "app only writes the file) with an `AuthenticationForm` as `form`. The `csrf_token` "
        "tag writes the hidden token field, and `form.as_div` renders every field with its "
        "label and its errors. The hidden `next` field carries where to go after logging "
        "in, which `LoginView` checks.\n\n"
        "The Flask `login` view renders `auth/login.html` itself, with a `LoginForm`. "
        "`form.hidden_tag()` writes every hidden field of the form, the CSRF token among "
        "them. WTForms renders one field at a time (`field.label`, then the field called "
        "like a function), so the template loops over the fields and prints each one's "
        "`errors` itself.",
        django=(File(f"{DJ_APP}/templates/registration/login.html"),),
        flask=(File("*/templates/auth/login.html"),),
        figure_group="pages",
        chapter="templates",
    )


def _tests() -> Concept:
    return Concept(
        "tests",
        "Tests",
        "Both apps use pytest. On the Django side pytest-django sets up a test "
        "database, wraps each test marked `django_db` in a transaction that is rolled "
        "back, and offers a `client` fixture that speaks to the app without a "
        "server. On the Flask side `conftest.py` starts from the pattern of Flask's "
        "tutorial (an `app` fixture built by `create_app` with a test configuration, and "
        "`client` from `test_client`) and adds what the tutorial does not need: a database "
        "per test made from one seeded copy, PostgreSQL when `DATABASE_URL` names it, and "
        "logged-in clients: {flask_first} code lines, against {django_first} in Django's.",
        django=(
            File("tests/conftest.py"),
            Optional(Defs("tests/test_api.py", r"test_\w*create\w*", limit=1)),
        ),
        flask=(
            File("tests/conftest.py"),
            Optional(Defs("tests/test_api.py", r"test_\w*create\w*", limit=1)),
        ),
        figure_group="tests",
        chapter="testing",
    )


def _deploy() -> Concept:
    return Concept(
        "image-and-server",
        "Deployment: the image and the server",
        "Both apps ship the same production shape: a `Dockerfile` that installs the "
        "dependencies from `pyproject.toml` and runs gunicorn as a non-root user, and "
        "`gunicorn.conf.py`, which reads the port and the number of workers from the "
        "environment. Django hands gunicorn the `application` of `wsgi.py`; the Flask "
        "app's `wsgi_app` setting calls the factory, `create_app`. Static files are "
        "served by WhiteNoise in both.",
        django=(File("Dockerfile"), File("gunicorn.conf.py")),
        flask=(File("Dockerfile"), File("gunicorn.conf.py")),
        figure_group="config",
        chapter="deploy",
    )
