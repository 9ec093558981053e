"""The concepts the comparison walks through, each with its teaching note and locators.

A :class:`Concept` says where its code lives in the Django app and in the
Flask app (see :mod:`.locate`); the notes are written for readers who know
Python but neither framework. Per-entity concepts (model, admin, API) are
built from the render's own saved spec, so they follow whatever it contains.
"""

from __future__ import annotations

import re
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
class Concept:
    """One section of the comparison: a title, a note, and where to find the code."""

    key: str
    """Anchor and test id (``model-post``)."""
    title: str
    note: str
    django: Sequence[Locator] = field(default_factory=tuple)
    flask: Sequence[Locator] = field(default_factory=tuple)
    figure_group: str = ""
    """The row of the per-concept line counts this concept adds to (``models``)."""


SETTINGS = "*_site/settings.py"
DJ_APP = "*"  # the app package (the *_site project package has no models, api or admin)


def concepts(project: Project) -> list[Concept]:
    """Every section, in reading order, for the entities of ``project``."""
    entities = project.entities
    return [
        *_setup(),
        *(_model(project, entity) for entity in entities),
        _migrations(),
        _user(),
        _signup(),
        _password_reset(),
        _token(),
        _admin_site(),
        *(_admin(project, entity) for entity in entities),
        _api_layer(),
        *(_api(project, entity) for entity in entities),
        _permissions(),
        _forms(),
        _security(),
        _commands(),
        _tests(),
        _dependencies(),
    ]


def _others_longer(project: Project, entity: Entity) -> str | None:
    """A regex for names that belong to a longer entity sharing this prefix (Book/BookReview)."""
    longer = [e.name for e in project.entities if e.name != entity.name]
    longer = [name for name in longer if name.startswith(entity.name)]
    return "|".join(f"{re.escape(name)}\\w*" for name in longer) or None


def _setup() -> list[Concept]:
    return [
        Concept(
            "settings",
            "Settings and configuration",
            "Django reads one settings module, named by `DJANGO_SETTINGS_MODULE` and "
            "imported once at start-up; every installed part (the admin, auth, the REST "
            "framework) finds its options there by a well-known name such as "
            "`INSTALLED_APPS` or `DATABASES`. Adding a feature is often one line in "
            "`INSTALLED_APPS` plus one in `urls.py`.\n\n"
            "Flask has no settings module: `app.config` is a dictionary filled by the "
            "application factory `create_app()`, here from the environment by `config.py`. Each "
            "extension is created once in `extensions.py` and bound to the app with "
            "`init_app(app)`, and the factory registers the blueprints. More lines are "
            "yours, but you can read exactly what is switched on, and tests can build a "
            "fresh app with a different configuration. Both read `DATABASE_URL`, "
            "`SECRET_KEY` and `DEBUG` from the environment in one visible place.",
            django=(File(SETTINGS),),
            flask=(
                File("*/config.py"),
                Defs("*/__init__.py", "create_app"),
                Optional(File("*/extensions.py")),
            ),
            figure_group="settings",
        ),
    ]


def _model(project: Project, entity: Entity) -> Concept:
    relations = ", ".join(f"`{f.name}`" for f in entity.fields if f.is_relation)
    m2m = [f for f in entity.fields if f.is_m2m]
    note = (
        f"`{entity.name}` has {len(entity.fields)} fields from the spec"
        + (f", with the relations {relations}" if relations else "")
        + ". Django declares each one as a `models.Field` attribute: the field "
        "class carries the database type, the validation (`max_length`, validators) "
        "and the form widget, so the admin, forms and the API all read their rules "
        'from this one place ("fat models"). The table name, the `id` primary key '
        "and the `objects` manager come for free.\n\n"
        "SQLAlchemy (through Flask-SQLAlchemy) declares columns with `mapped_column` "
        "and Python type hints (`Mapped[str]`). A column knows its SQL type and "
        "constraints, but not form or API validation: those live in the forms and "
        "the marshmallow schema, so the Flask side repeats some rules that Django "
        "states once."
    )
    if m2m:
        note += (
            " A many-to-many field is one line in Django, which creates the link table "
            "itself; SQLAlchemy needs the association `Table` spelled out and a "
            "`relationship(secondary=...)`."
        )
    if entity.owner or entity.timestamps:
        note += (
            " The generated `owner` and timestamp columns are filled by the views or "
            "hooks, not by clients: Django uses `auto_now_add`/`auto_now`, SQLAlchemy "
            "`default=`/`onupdate=`."
        )
    snake = re.escape(entity.snake)
    exclude = _others_longer(project, entity)
    return Concept(
        f"model-{entity.snake}",
        f"The {entity.name} model",
        note,
        django=(Defs(f"{DJ_APP}/models.py", re.escape(entity.name), exclude),),
        flask=(
            Defs("*/models.py", re.escape(entity.name), exclude),
            Optional(
                Statements("*/models.py", rf"\bTable\(\s*['\"]{snake}_", "the association table")
            ),
        ),
        figure_group="models",
    )


def _migrations() -> Concept:
    return Concept(
        "migrations",
        "Migrations",
        "A migration is a script that changes the database schema from one version to "
        "the next. Django writes them itself: `manage.py makemigrations` compares the "
        "models with the migration history and writes a Python file of operations "
        "(`CreateModel`, `AddField`); `manage.py migrate` applies them. Migrations "
        "are part of Django.\n\n"
        "Flask uses Alembic through the Flask-Migrate extension: `flask db migrate` "
        "autogenerates a revision by comparing the SQLAlchemy metadata with the live "
        "database, and `flask db upgrade` runs its `upgrade()` function of "
        "`op.create_table(...)` calls. Alembic's autogenerate is a draft to review "
        "(it cannot see renames, for example); Django's autodetector asks you about "
        "them. `flask db check` and `makemigrations --check` both fail when models "
        "and migrations disagree.",
        django=(Defs(f"{DJ_APP}/migrations/0001_initial.py", "Migration"),),
        flask=(
            Defs("migrations/versions/0001_initial.py", "upgrade"),
            Optional(Defs("migrations/versions/0001_initial.py", "downgrade")),
        ),
        figure_group="migrations",
    )


def _user() -> Concept:
    return Concept(
        "user",
        "The user model and password hashing",
        "Django ships a complete user model. The app subclasses `AbstractUser` from "
        "the very first migration and points `AUTH_USER_MODEL` at it, as Django's "
        "docs recommend: changing the user model later is painful. Passwords are "
        "hashed by `set_password()` with the algorithm in `PASSWORD_HASHERS` "
        "(PBKDF2 with a random salt by default), and `AUTH_PASSWORD_VALIDATORS` "
        "rejects short, common or all-numeric passwords.\n\n"
        "Flask has no user model: this one is written out, with the columns the "
        "contract needs (`username`, `password_hash`, `is_staff`, `is_active`). "
        "Flask-Login only needs a few attributes (`UserMixin`), and hashing is one "
        "call to Werkzeug's `generate_password_hash` (a salted, slow hash) and "
        "`check_password_hash`. Nothing stores a plain password on either side.",
        django=(
            Defs(f"{DJ_APP}/models.py", "User"),
            Optional(
                Statements(
                    SETTINGS, r"AUTH_USER_MODEL|PASSWORD_HASHERS", "settings: the user model"
                )
            ),
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
    )


def _signup() -> Concept:
    return Concept(
        "signup",
        "Sign-up, login and logout",
        "Django's `django.contrib.auth` provides `LoginView` and `LogoutView` (and "
        "`UserCreationForm`), so the app only writes the sign-up view and routes "
        "`/accounts/...` to the built-in ones. `login(request, user)` stores the "
        "user's id in the session; `@login_required` and `request.user` work "
        "everywhere.\n\n"
        "On the Flask side the `auth` blueprint holds all three views, written out: "
        "validate the form, look the user up, check the password hash, then "
        "Flask-Login's `login_user()` stores the id in the signed session cookie. "
        "The `?next=` check is there by hand, to refuse redirects to other sites; "
        "Django's `LoginView` does the same check internally.",
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
            Defs("*/auth.py", r".*sign_?up.*|.*register.*|login|logout"),
            Optional(Statements("*/auth.py", r"Blueprint\(", "the blueprint")),
        ),
        figure_group="auth",
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
        "Flask has no token scheme built in, so the app writes the three parts: a "
        "`Token` model, a view that checks the password and returns a key, and a "
        "Flask-Login `request_loader` that turns the header into the current user. "
        "It is short, but it is security code you own, which is the trade-off the "
        '"extensions" side of the debate is about.',
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
    )


def _admin_site() -> Concept:
    return Concept(
        "admin-site",
        "The admin site and who may enter",
        "Django's admin is an installed app (`django.contrib.admin`) mounted at one URL; "
        "it has its own login page and lets in only active users with `is_staff`, so the "
        "app writes no access code at all. Each model's page is registered in `admin.py`, "
        "which Django imports by itself at start-up (autodiscovery).\n\n"
        "Flask-Admin builds the pages but knows nothing about users: the app writes a "
        "mixin whose `is_accessible()` asks Flask-Login whether the current user is "
        "staff, and whose `inaccessible_callback()` sends others to the login page. Every "
        "model view and the index view must use it; a view that forgets it is public. "
        "The `Admin` object is created and bound to the app like any other extension.",
        django=(
            Statements("*_site/urls.py", r"admin\.site", "the admin URL"),
            Optional(
                Statements(
                    f"{DJ_APP}/admin.py",
                    r"site_header|site_title|index_title",
                    "the admin's titles",
                )
            ),
            Optional(Statements(SETTINGS, r"INSTALLED_APPS", "settings: installed apps")),
        ),
        flask=(
            Defs("*/admin.py", r"\w*(Staff|Secure|Protected|Base)\w*|\w*IndexView|init_app"),
            Optional(Statements("*/admin.py", r"\bAdmin\(", "the Admin object")),
        ),
        figure_group="admin",
    )


def _admin(project: Project, entity: Entity) -> Concept:
    name = re.escape(entity.name)
    exclude = _others_longer(project, entity)
    return Concept(
        f"admin-{entity.snake}",
        f"The {entity.name} admin",
        f"The admin is a complete back office generated from the models. In Django it "
        f"is built in (`django.contrib.admin`): `@admin.register({entity.name})` and a "
        f"few class attributes (`list_display`, `search_fields`, `list_filter`) give "
        f"list, search, filters and forms with the model's own validation, behind "
        f"staff-only login.\n\n"
        f"Flask-Admin (an extension) offers the same shape with a `ModelView` "
        f"subclass (`column_list`, `column_searchable_list`, `column_filters`) "
        f"added to an `Admin` object. It does not know about users: the "
        f"`is_accessible()` check that keeps non-staff out is code the app writes. "
        f"Fields are {', '.join(entity.admin_list)} in the list; search over "
        f"{', '.join(entity.admin_search) or 'nothing'}.",
        django=(Defs(f"{DJ_APP}/admin.py", f"{name}\\w*", exclude),),
        flask=(Defs("*/admin.py", f"{name}\\w*", exclude),),
        figure_group="admin",
    )


def _api_layer() -> Concept:
    return Concept(
        "api-layer",
        "The generic API layer: pagination, filters, errors",
        "Before any resource, the machinery every resource shares. Django REST Framework "
        "is that machinery: generic views, page-number pagination with `count`, `next` and "
        "`previous`, search and ordering filters, content negotiation, and JSON error "
        "bodies for 400/401/403/404/405/415 all come from the package, configured in "
        "`REST_FRAMEWORK` and assembled by a router.\n\n"
        "Flask's counterpart is flask-smorest, marshmallow's own REST framework: a "
        "`flask_smorest.Blueprint` whose `MethodView`s are decorated with "
        "`@bp.arguments(Schema)` and `@bp.response(200, Schema)`, webargs for the query "
        "string and body, and an OpenAPI document generated from those decorators. What "
        "the contract asks beyond that is written here once, in `api.py`, as small named "
        "helpers: `page_url` wraps Flask-SQLAlchemy's `db.paginate` in DRF's "
        "`count`/`next`/`previous` envelope, `authenticate` reads the token header, `permit` "
        "checks the permission classes, `order_by` reads `?ordering=`, `register` adds the "
        "list and item views of one model, and `json_error` turns every HTTP error into "
        '`{"detail": ...}`.',
        django=(
            Statements(SETTINGS, r"REST_FRAMEWORK", "settings: the REST framework"),
            Optional(Statements(f"{DJ_APP}/urls.py", r"DefaultRouter|router\.urls", "the router")),
        ),
        flask=(
            Defs(
                "*/api.py",
                r"Parser|authenticate|permit|require_json|page_url|save|order_by|register|"
                r"token|me|json_error|validation_failed|init_app",
            ),
            Optional(Statements("*/api.py", r"Blueprint\(|ARGUMENTS_PARSER", "the blueprint")),
        ),
        figure_group="api",
    )


def _api(project: Project, entity: Entity) -> Concept:
    name = re.escape(entity.name)
    plural = re.escape(entity.plural)
    exclude = _others_longer(project, entity)
    route = (
        rf"(?s)\A(?=.*(register|add_url_rule|path\(|route))"
        rf"(?=.*(['\"/]{plural}['\"/]|{name}(ViewSet|List|Detail|API|View|Resource)\b))"
    )
    return Concept(
        f"api-{entity.snake}",
        f"The {entity.name} API: /api/{entity.plural}/",
        f"Three parts on each side. Serialisation turns a `{entity.name}` into JSON and "
        f"validates incoming JSON: a DRF `ModelSerializer` derives its fields and their "
        f"validators from the model; a marshmallow-sqlalchemy schema reads each column with "
        f"`auto_field` and adds marshmallow's validators (`Length`, `Range`, `OneOf`, ...). "
        f"The view: a DRF `ModelViewSet` gives list, create, retrieve, update and delete in "
        f"one class, with pagination, search, ordering and filters set by attributes; the "
        f"Flask app's one `register(...)` call per model passes the same facts (schema, "
        f"query arguments, permissions, search, ordering) to the views of the previous "
        f"section. Routing: DRF's router derives both URLs (`/api/{entity.plural}/` and "
        f"`/api/{entity.plural}/<id>/`) from one `register()` call; flask-smorest's "
        f"blueprint gets both URL rules from the Flask `register(...)` call.",
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
    )


def _permissions() -> Concept:
    return Concept(
        "permissions",
        "Permissions",
        "Who may read and who may write each resource (`api.read`, `api.write` in the "
        "spec). DRF has a permission class protocol: `has_permission()` for the "
        "request and `has_object_permission()` for one object, listed in a view's "
        "`permission_classes`; DRF turns a refusal into 401 or 403 with a JSON body.\n\n"
        "Flask has no permission layer, so `permissions.py` holds plain functions the "
        "views call, and the app decides the status codes itself. The rules are the "
        "same (owner or staff may change an object); the Flask side shows every step.",
        django=(File(f"{DJ_APP}/permissions.py"),),
        flask=(File("*/permissions.py"),),
        figure_group="api",
    )


def _forms() -> Concept:
    return Concept(
        "forms",
        "Forms and CSRF",
        "HTML forms need validation and protection against cross-site request forgery "
        "(another site making your browser post a form). Django's `CsrfViewMiddleware` "
        "is on in a new project's `MIDDLEWARE`; a template adds `{% csrf_token %}` and "
        "every unsafe request without a valid token gets 403. Django forms "
        "(`forms.Form`, `ModelForm`) validate and render fields.\n\n"
        "Flask's core has neither: WTForms (through Flask-WTF) validates, and "
        "`CSRFProtect()` from `extensions.py` must be enabled for the whole app; "
        "templates add `{{ form.csrf_token }}` or `csrf_token()`. Forgetting that one "
        "line leaves a Flask app open, which is why the contract tests for it. The "
        "JSON API uses token authentication, which is not sent by browsers "
        "automatically, so CSRF applies to session (cookie) requests only.",
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
    )


def _security() -> Concept:
    return Concept(
        "security",
        "Sessions, login throttling and the admin's roles",
        "What each framework gave by default, and what the Flask app had to add. "
        "Django's sessions live in the database: logout deletes the row, and a new "
        "password changes the hash each session carries, so a copied cookie stops "
        "working. Its admin checks a permission per model and action; `admin.py` "
        "replaces that with one rule (staff manage every entity, only superusers the "
        "users, their flags and tokens) through `has_*_permission`. Login "
        "throttling comes from django-axes (an authentication backend, a middleware "
        "and a table); usernames are NFKC-normalised and refused in any case by "
        "`UserCreationForm`, and four password validators are on in settings. "
        "`SECURE_PROXY_SSL_HEADER` is set only when `TRUSTED_PROXY_COUNT` says a "
        "proxy is in front.\n\n"
        "Flask's session is a signed cookie with nothing on the server, so the app "
        "adds Flask-Login's alternative token: the cookie names the user by "
        "`User.session_token`, which logout and a new password replace. Flask-Admin "
        "has no permissions, so `is_accessible` per view carries the same rule. The "
        "throttle is a `LoginFailure` table and `authenticate()` in `auth.py` "
        "(counted in the database, so every worker sees it; an unknown username "
        "costs a hash too, as in Django's `ModelBackend`); the username and password "
        "rules are ported into `forms.py` with Django's common-password list; and "
        "werkzeug's `ProxyFix` wraps the app only when `TRUSTED_PROXY_COUNT` is set, "
        "behind a check that lets no scheme but http or https through.",
        django=(
            Defs(f"{DJ_APP}/admin.py", r"StaffModelAdmin|SuperuserOnly"),
            Optional(Defs(f"{DJ_APP}/forms.py", r"LoginForm|locked_out")),
            Optional(
                Statements(
                    SETTINGS,
                    r"AXES_|AUTHENTICATION_BACKENDS|TRUSTED_PROXY_COUNT|SECURE_PROXY",
                    "settings: login throttling and proxies",
                )
            ),
        ),
        flask=(
            Defs("*/admin.py", r"StaffOnly|SuperuserOnly"),
            Optional(Defs("*/auth.py", r"authenticate|_count_failure|LockedOut|load_user")),
            Optional(Defs("*/models.py", r"LoginFailure")),
            Optional(Defs("*/__init__.py", r"forwarded_schemes_checked")),
        ),
        figure_group="auth",
    )


def _commands() -> Concept:
    return Concept(
        "commands",
        "Command-line tasks",
        "Both frameworks extend one command-line tool. Django finds every module in "
        "an app's `management/commands/` folder and runs it as `python manage.py "
        "<name>`; the `Command` class parses options with argparse. `migrate`, "
        "`createsuperuser`, `runserver` and `shell` are built in.\n\n"
        "Flask's `flask` command is built on click: functions decorated with "
        "`@click.command()` and registered with `app.cli.add_command` become "
        "`flask <name>`. `flask run` and `flask shell` are built in, `flask db ...` "
        "comes from Flask-Migrate, and `create-admin` is written here because Flask "
        "has no users of its own.",
        django=(File(f"{DJ_APP}/management/commands/seed_demo.py"),),
        flask=(File("*/commands.py"),),
        figure_group="commands",
    )


def _tests() -> Concept:
    return Concept(
        "tests",
        "Tests",
        "Both apps use pytest. On the Django side pytest-django sets up a test "
        "database, wraps each test marked `django_db` in a transaction that is rolled "
        "back, and offers a `client` fixture that speaks to the app without a "
        "server. On the Flask side `conftest.py` follows Flask's tutorial: an `app` "
        "fixture built by `create_app(test_config)` with a temporary database, and "
        "`client` from `app.test_client()`. The tests themselves read alike: the "
        "contract is the same, so are the assertions.",
        django=(
            File("tests/conftest.py"),
            Optional(Defs("tests/test_api.py", r"test_\w*create\w*", limit=1)),
        ),
        flask=(
            File("tests/conftest.py"),
            Optional(Defs("tests/test_api.py", r"test_\w*create\w*", limit=1)),
        ),
        figure_group="tests",
    )


def _dependencies() -> Concept:
    return Concept(
        "dependencies",
        "Dependencies",
        "What each app installs, from its `pyproject.toml`. The Django list is short "
        "because Django itself brings the ORM, migrations, auth, forms, CSRF and the "
        "admin; Django REST Framework adds the API. The Flask list names one package "
        "per feature (SQLAlchemy, Alembic, Flask-Login, Flask-WTF, Flask-Admin, "
        "marshmallow): more choices to make, each replaceable. The figures below map "
        "each package to the features it provides.",
        django=(File("pyproject.toml"),),
        flask=(File("pyproject.toml"),),
        figure_group="config",
    )
