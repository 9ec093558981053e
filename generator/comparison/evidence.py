"""Evidence for the article's claims: security probes over a render, and the claims table.

A probe searches the rendered files for the line that switches a protection
on; the table then reports the file and line, or says it was not found. The
claims are those of a typical "Django or Flask in 2025" article, each checked
against what this render shows.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model import Project
from .figures import LineCount
from .figures import Packages
from .figures import app_files
from .performance import Bench


@dataclass(frozen=True)
class Probe:
    """A regex searched in the files matching a glob; ``absent`` inverts the test."""

    pattern: str
    regex: str
    absent: bool = False

    def run(self, app: Path) -> str:
        """``path:line`` of the first match (or a count statement for absence probes)."""
        compiled = re.compile(self.regex)
        hits = []
        for path in app_files(app):
            relative = path.relative_to(app)
            if not relative.match(self.pattern):
                continue
            for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                if compiled.search(line):
                    hits.append(f"{relative.as_posix()}:{number}")
        if self.absent:
            return "none found" if not hits else f"found at {', '.join(hits[:3])}"
        return hits[0] if hits else ""


def _described(project: Project) -> bool:
    """True when a field of the spec has help text, which both admins show."""
    return any(field.help for entity in project.entities for field in entity.fields)


@dataclass(frozen=True)
class SecurityFeature:
    """One protection: what each framework gives by default, what the Flask app adds, and with.

    The rows are the results of diptych's hostile-input suite (issue 10): each
    was an attack tried on both apps, and each row says where the render
    switches the protection on, on each side.
    """

    name: str
    django_gives: str
    """What Django (with DRF) does by default, and what the Django app adds where that is not
    enough."""
    flask_gives: str
    """What Flask, and the extension the app uses for the job, do by default."""
    flask_adds: str
    library: str
    """The library the Flask app builds it with (a package name as its project writes it),
    or "" when the app writes it with no library."""
    django: Probe
    flask: Probe
    django_default: bool
    """True when a new Django project has it on before the app writes a line."""
    applies: Callable[[Project], bool] | None = None
    """When given, the row is shown only for the specs it says yes to."""


UNSAFE_SQL = r"""(execute|raw|text|extra)\(\s*(f["']|["'][^"']*["']\s*(%|\.format|\+))"""

WRITTEN = "no library: the app's own code"
"""What the table says when the Flask app writes a protection with no library."""

SECURITY = (
    SecurityFeature(
        "CSRF on forms and cookie-authenticated writes",
        "On: CsrfViewMiddleware is in a new project's MIDDLEWARE; a template adds the token "
        "with {% csrf_token %}.",
        "Nothing: Flask's core has no CSRF protection.",
        "CSRFProtect checks every unsafe request, views without a form too (each FlaskForm "
        "also checks its own token); the API's check_authentication calls csrf.protect for "
        "writes made with a session cookie.",
        "Flask-WTF",
        Probe("*/settings.py", r"['\"].*CsrfViewMiddleware"),
        Probe("*.py", r"CSRFProtect\(\)"),
        True,
    ),
    SecurityFeature(
        "Sessions end at logout and on a new password",
        "On: sessions are rows in the database (SessionMiddleware), each carrying a hash of "
        "the password, so a copied cookie stops working at logout or on a new password.",
        "Not so: Flask's session is a signed cookie, and Flask-Login keeps the user's id in "
        "it, so a copy stays valid until it expires.",
        "Flask-Login's alternative token: get_id() returns User.session_token, which "
        "end_sessions() replaces at logout and in set_password().",
        "Flask-Login",
        Probe("*/settings.py", r"['\"]django\.contrib\.sessions\.middleware\.SessionMiddleware"),
        Probe("*/models.py", r"return self\.session_token"),
        True,
    ),
    SecurityFeature(
        "Login throttling: repeated failures lock a username and address out",
        "Nothing by default; the app adds django-axes (its backend, its middleware and the "
        "AXES_ settings), with its counts in the database.",
        "Nothing.",
        "authenticate() in auth.py and a LoginFailure table, django-axes' rule: failures "
        "counted in the database so that every worker sees them, cleared by a success.",
        "",
        Probe("*/settings.py", r"AXES_FAILURE_LIMIT\s*="),
        Probe("*/auth.py", r"^def authenticate\("),
        False,
    ),
    SecurityFeature(
        "A wrong password for an unknown username takes as long as for a known one",
        "On: ModelBackend hashes the password even when no user has the name.",
        "Nothing: the login view and its lookup are the app's own.",
        "authenticate() hashes the password for an unknown username too.",
        "",
        Probe("*/settings.py", r"['\"]django\.contrib\.auth\.backends\.ModelBackend['\"]"),
        Probe("*/auth.py", r"User\(\)\.set_password\("),
        True,
    ),
    SecurityFeature(
        "Usernames NFKC-normalised and unique in any case",
        "On: AbstractUser normalises usernames to NFKC, and UserCreationForm refuses a name "
        "another user has in any case.",
        "Nothing: the user model is the app's own.",
        "normalize_username() and username_taken() in forms.py, and a unique index on the "
        "lower-cased username in models.py.",
        "",
        Probe("*/forms.py", r"\(UserCreationForm\)"),
        Probe("*/forms.py", r"^def normalize_username\("),
        True,
    ),
    SecurityFeature(
        "Password validators",
        "On: AUTH_PASSWORD_VALIDATORS, four of them in a new project's settings.",
        "Nothing.",
        "password_problems() in forms.py ports the four, with Django's common-password list.",
        "",
        Probe("*/settings.py", r"AUTH_PASSWORD_VALIDATORS\s*="),
        Probe("*/forms.py", r"^def password_problems\("),
        True,
    ),
    SecurityFeature(
        "Salted slow password hashes",
        "On: the user model's set_password (AbstractUser), PBKDF2 by default.",
        "Nothing in Flask itself; Werkzeug, which Flask is built on, has the functions.",
        "User.set_password calls generate_password_hash, and check_password check_password_hash.",
        "Werkzeug",
        Probe("*/models.py", r"^class User\(.*Abstract(Base)?User"),
        Probe("*.py", r"=\s*generate_password_hash\("),
        True,
    ),
    SecurityFeature(
        "Admin for active staff only",
        "On: the admin's own login lets in only active is_staff users; the app's "
        "StaffModelAdmin then lets staff manage every entity.",
        "Flask-Admin lets everyone in.",
        "StaffOnly.is_accessible() asks Flask-Login's current_user for is_staff, on every "
        "view and on the index.",
        "Flask-Admin",
        Probe("*/admin.py", r"return request\.user\.is_active and request\.user\.is_staff"),
        Probe("*/admin.py", r"return current_user\.is_authenticated and current_user\.is_staff"),
        True,
    ),
    SecurityFeature(
        "Users, their flags and tokens for superusers only",
        "Per-model permissions by default (a staff user needs one per model and action); the "
        "app's SuperuserOnly makes it one rule.",
        "Nothing.",
        "SuperuserOnly.is_accessible() on the user and token views.",
        "Flask-Admin",
        Probe("*/admin.py", r"request\.user\.is_superuser"),
        Probe("*/admin.py", r"current_user\.is_superuser"),
        False,
    ),
    SecurityFeature(
        "Login redirect only to local pages (?next=)",
        "On: LoginView checks the target's host and scheme.",
        "Nothing: Flask-Login puts ?next= in the login URL and leaves checking it to the app.",
        "is_local_url() in auth.py, Django's rule, refusing control characters too.",
        "",
        Probe("*/urls.py", r"LoginView"),
        Probe("*/auth.py", r"^def is_local_url\("),
        True,
    ),
    SecurityFeature(
        "A body over the size limit is refused",
        "On: DATA_UPLOAD_MAX_MEMORY_SIZE has a default; the app's bad_request answers the "
        "refusal as a JSON 413 under /api/.",
        "No limit: Flask reads a body of any size until MAX_CONTENT_LENGTH is set.",
        "MAX_CONTENT_LENGTH in config.py, Django's default size; json_error answers the 413.",
        "Flask",
        Probe("*/views.py", r"isinstance\(exception, RequestDataTooBig\)"),
        Probe("*/config.py", r"['\"]MAX_CONTENT_LENGTH['\"]\s*:"),
        True,
    ),
    SecurityFeature(
        "JSON nested too deeply is a 400, not a server error",
        "Not by default: Python's RecursionError goes through DRF's JSONParser; the app's "
        "parsers.py answers 400.",
        "Not by default either.",
        "Parser in parsers.py turns the RecursionError into webargs' parse error.",
        "webargs",
        Probe("*/parsers.py", r"except RecursionError"),
        Probe("*/parsers.py", r"except RecursionError"),
        False,
    ),
    SecurityFeature(
        "NUL bytes and lone surrogates in text refused",
        "On: DRF's CharField refuses both, in every ModelSerializer.",
        "Nothing: marshmallow's String accepts both.",
        "refuse_bad_characters in schemas.py, a pre_load hook of every body schema; "
        "filters.py refuses a NUL in ?search= too.",
        "marshmallow",
        Probe("*/serializers.py", r"\(serializers\.ModelSerializer\)"),
        Probe("*/schemas.py", r"def refuse_bad_characters\("),
        True,
    ),
    SecurityFeature(
        "Errors under /api/ answered as JSON",
        "DRF answers its own views' errors as JSON; a URL no view matches and a server error "
        "get Django's HTML pages, so the app sets handler404 and handler500.",
        "HTML error pages.",
        "json_error in errors.py, registered for every HTTP error: DRF's detail object under "
        "/api/.",
        "",
        Probe("*/urls.py", r"^handler404\s*="),
        Probe("*/api.py", r"register_error_handler\(HTTPException, json_error\)"),
        False,
    ),
    SecurityFeature(
        "The spec's help text shown as text in the admin, not markup",
        "Not by default: the admin shows help_text as markup; the app escapes it in "
        "StaffModelAdmin.formfield_for_dbfield.",
        "Not by default: Flask-Admin shows column_descriptions as markup.",
        "Each description wrapped in escape().",
        "MarkupSafe",
        Probe("*/admin.py", r"help_text = escape\("),
        Probe("*/admin.py", r":\s*escape\("),
        False,
        _described,
    ),
    SecurityFeature(
        "Clickjacking header (X-Frame-Options)",
        "On: XFrameOptionsMiddleware, in a new project.",
        "Nothing.",
        "An after_request hook in create_app sets the header.",
        "",
        Probe("*/settings.py", r"['\"].*XFrameOptionsMiddleware"),
        Probe("*.py", r"X-Frame-Options"),
        True,
    ),
    SecurityFeature(
        "No MIME sniffing (X-Content-Type-Options: nosniff)",
        "On: SecurityMiddleware sends it, in a new project.",
        "Nothing.",
        "The same after_request hook.",
        "",
        Probe("*/settings.py", r"['\"].*SecurityMiddleware"),
        Probe("*.py", r"nosniff"),
        True,
    ),
    SecurityFeature(
        "HSTS outside development",
        "Off until SECURE_HSTS_SECONDS is set (it needs HTTPS); the settings set it.",
        "Nothing.",
        "The hook sends Strict-Transport-Security on HTTPS answers.",
        "",
        Probe("*/settings.py", r"SECURE_HSTS_SECONDS\s*="),
        Probe("*.py", r"Strict-Transport-Security"),
        False,
    ),
    SecurityFeature(
        "Secure session cookie outside development",
        "Off by default (it needs HTTPS); the settings turn it on from the environment.",
        "Off by default.",
        "The configuration turns SESSION_COOKIE_SECURE on from the environment.",
        "Flask",
        Probe("*/settings.py", r"SESSION_COOKIE_SECURE\s*="),
        Probe("*.py", r"SESSION_COOKIE_SECURE"),
        False,
    ),
    SecurityFeature(
        "Proxy headers trusted only when configured",
        "Off by default; the settings set SECURE_PROXY_SSL_HEADER only when "
        "TRUSTED_PROXY_COUNT names proxies.",
        "Off by default: Flask trusts no proxy header.",
        "ProxyFix, applied only when TRUSTED_PROXY_COUNT is set, behind "
        "forwarded_schemes_checked, which lets no scheme but http or https through.",
        "Werkzeug",
        Probe("*/settings.py", r"SECURE_PROXY_SSL_HEADER\s*="),
        Probe("*.py", r"ProxyFix\(app"),
        False,
    ),
)

UNSAFE_SEARCHES = (
    Probe("*", r"\|\s*safe\b|mark_safe|Markup\(|autoescape off|autoescape false", absent=True),
    Probe("*/*.py", UNSAFE_SQL, absent=True),
)
UNSAFE_NAMES = (
    "HTML escaping switched off (|safe, mark_safe, Markup, autoescape off)",
    "SQL built from strings (an f-string or % in execute, raw, text or extra)",
)


@dataclass(frozen=True)
class SecurityRow:
    name: str
    django_gives: str
    flask_gives: str
    flask_adds: str
    library: str
    django: str
    """``file:line`` where the protection is on, or "" when not found."""
    flask: str
    django_default: bool = False

    @property
    def flask_with(self) -> str:
        """The library the Flask app uses for it, or that it uses none."""
        return self.library or WRITTEN


@dataclass(frozen=True)
class UnsafeSearch:
    """An unsafe construct searched for: the places found, never counted as a protection."""

    name: str
    django: str
    flask: str


def in_place(result: str) -> bool:
    """A probe result that shows the protection present: a ``file:line``."""
    return bool(result) and not result.startswith("found at") and result != "none found"


def security_rows(django_app: Path, flask_app: Path, project: Project) -> list[SecurityRow]:
    """Each protection that applies to the spec, with the place (``file:line``) that enables
    it on each side."""
    return [
        SecurityRow(
            f.name,
            f.django_gives,
            f.flask_gives,
            f.flask_adds,
            f.library,
            f.django.run(django_app),
            f.flask.run(flask_app),
            f.django_default,
        )
        for f in SECURITY
        if f.applies is None or f.applies(project)
    ]


def unsafe_searches(django_app: Path, flask_app: Path) -> list[UnsafeSearch]:
    return [
        UnsafeSearch(name, probe.run(django_app), probe.run(flask_app))
        for name, probe in zip(UNSAFE_NAMES, UNSAFE_SEARCHES, strict=True)
    ]


@dataclass(frozen=True)
class Claim:
    """One claim of the article, the evidence measured on this render, and what it leaves open."""

    topic: str
    claim: str
    evidence: str
    to_measure: str
    """What this render does not measure, said plainly."""


@dataclass(frozen=True)
class Measured:
    """What the claims table needs from the rest of the figures."""

    lines: dict[str, dict[str, LineCount]]
    packages: dict[str, Packages | None]
    group_lines: dict[str, dict[str, int]]
    """Lines of the code shown, per figure group (``auth``, ``api``...) and side."""
    section_lines: dict[str, dict[str, int]]
    """Lines of the code shown, per section key and side."""
    security: list[SecurityRow]
    autodiscovered: dict[str, dict[str, int]]
    """Per side: files found by their place, per place."""
    bench: Bench | None = None
    unused: dict[str, tuple[str, ...]] | None = None
    """Declared packages no file of the app names: they provide no feature here."""
    parity: tuple[str, ...] = ()
    """The cases of the parity suite, in words (:func:`parity_cases`)."""


PARITY_SUITE = Path(__file__).parent.parent / "contract_suite" / "test_drf_parity.py"
"""The contract suite's tests of DRF's answers, one per case a differential fuzz found the
apps answering differently; shipped with diptych, run on a render by ``diptych contract``."""
CONTRACT_COMMAND = "diptych contract OUT"


def parity_cases(path: Path = PARITY_SUITE) -> tuple[str, ...]:
    """Each test of the parity suite, in words, from its name (``quoted search phrase...``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return tuple(
        " ".join(ACRONYMS.get(word, word) for word in node.name.split("_")[1:])
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    )


ACRONYMS = {"json": "JSON", "drf": "DRF", "nul": "NUL", "fk": "FK"}


CORE_FEATURES = ("ORM", "migrations", "auth", "forms/CSRF", "admin")


def _core_packages(packages: Packages | None, unused: tuple[str, ...] = ()) -> list[str]:
    if packages is None:
        return []
    named = {p for feature in CORE_FEATURES for p in packages.for_feature(feature)}
    return sorted(named - set(unused))


def _compare(django: int, flask: int, noun: str) -> str:
    """``"more lines in Flask (Django 26, Flask 218)"`` in words, whichever way the numbers go."""
    if django == flask:
        return f"the same number of {noun} ({django})"
    side = "Flask" if flask > django else "Django"
    return f"more {noun} in {side} (Django {django}, Flask {flask})"


def _places(found: dict[str, int]) -> str:
    return ", ".join(f"{count} in {place}" for place, count in found.items() if count) or "none"


def _ratio(value: float | None) -> str:
    return "not measured" if value is None else f"{value:.2f}"


def _speed(bench: Bench | None) -> tuple[str, str]:
    if bench is None:
        return (
            "Nothing measured in this render supports or refutes it: its folder holds no "
            "bench.json.",
            "Request rates, latency, memory and start-up time: run `diptych bench SPEC "
            "--json OUT/bench.json`, then `diptych compare OUT`.",
        )
    quoted = []
    for row in bench.rows:
        if row.floor or row.flask_over_django is None:
            continue
        quoted.append(
            f"{row.label}: Flask ÷ Django {_ratio(row.flask_over_django)} in req/s "
            f"(generated ÷ minimal: Django {_ratio(row.over_minimal['django'])}, "
            f"Flask {_ratio(row.over_minimal['flask'])})"
        )
    hello = bench.row("hello")
    floor = ""
    if hello is not None and hello.rps["django"] and hello.rps["flask"]:
        floor = (
            f" The frameworks' own hello endpoints: Flask ÷ Django "
            f"{hello.rps['flask'] / hello.rps['django']:.2f}."
        )
    rss = bench.peak_rss_mib
    evidence = (
        f"Measured by diptych bench on {bench.date} ({bench.db}, {bench.workers} workers): "
        + "; ".join(quoted)
        + "."
        + floor
        + f" Peak memory per worker: Django {rss['django']:.0f} MiB, Flask "
        f"{rss['flask']:.0f} MiB."
    )
    return evidence, (
        f"One run on one machine ({bench.machine}); ratios above 1 mean Flask answered more "
        "requests per second. Repeat the command of the Performance section to check them."
    )


def _parity(cases: tuple[str, ...]) -> str:
    if not cases:
        return ""
    return (
        f" The contract's parity suite (diptych's {PARITY_SUITE.name}) holds {len(cases)} "
        "cases where a differential fuzz found the two APIs answering an odd request "
        f"differently ({'; '.join(cases)}); the contract asks both apps for DRF's answer, "
        "which the Django app gets from DRF (or from its own parsers and error views, as "
        "the security table says) and the Flask app writes (its generic API layer, its "
        "schemas, its login)."
    )


def claims(m: Measured) -> list[Claim]:
    """The article's five claims, each with this render's evidence."""
    dj, fl = m.packages.get("django"), m.packages.get("flask")
    unused = m.unused or {}
    dj_core = _core_packages(dj, unused.get("django", ()))
    fl_core = _core_packages(fl, unused.get("flask", ()))
    dj_n, fl_n = (len(p.runtime) if p else 0 for p in (dj, fl))
    py = {side: m.lines[side]["Python"].lines for side in ("django", "flask")}
    auth = m.group_lines.get("auth", {"django": 0, "flask": 0})
    layer = m.section_lines.get("api-generic-layer", {"django": 0, "flask": 0})
    found = {
        side: [row for row in m.security if in_place(getattr(row, side))]
        for side in ("django", "flask")
    }
    defaults = [row for row in found["django"] if row.django_default]
    libraries = [row.library for row in found["flask"] if row.library]
    missing_flask = [row.name for row in m.security if not in_place(row.flask)]
    missing_django = [row.name for row in m.security if not in_place(row.django)]
    speed, speed_open = _speed(m.bench)
    places = {side: m.autodiscovered.get(side, {}) for side in ("django", "flask")}
    return [
        Claim(
            "Batteries included vs extensions",
            "Django has the ORM, authentication and an admin built in; Flask needs manual "
            "setup for authentication and the ORM.",
            f"ORM, migrations, auth, forms/CSRF and admin come from {len(dj_core)} package(s) "
            f"in the Django app ({', '.join(dj_core) or 'none found'}) and from "
            f"{len(fl_core)} in the Flask app ({', '.join(fl_core) or 'none found'}). "
            "Users, sign-up, login, tokens and throttling (the code shown in the "
            f"accounts and security sections): {_compare(auth['django'], auth['flask'], 'lines')}. "
            "The generic API layer every resource shares: "
            f"{_compare(layer['django'], layer['flask'], 'lines')}." + _parity(m.parity),
            "How long the setup takes a person: not measured here. Whether this render "
            f"gives DRF's answer in each parity case: not measured on this page; run "
            f"`{CONTRACT_COMMAND}` (one row per contract test, one column per framework).",
        ),
        Claim(
            "Flexibility vs conventions",
            "Django is more opinionated and less flexible; Flask gives more control over "
            "the structure.",
            "Files each framework finds by their place, not by an import: Django "
            f"{sum(places['django'].values())} ({_places(places['django'])}), Flask "
            f"{sum(places['flask'].values())} ({_places(places['flask'])}; the instance "
            "folder is made at run time). Django's settings module is named by "
            "DJANGO_SETTINGS_MODULE, not found by place; Flask's blueprints and extensions "
            "are wired by explicit imports and register_blueprint().",
            "Whether a team finds one structure easier to change: not measured here.",
        ),
        Claim(
            "Speed and lightness",
            "Flask is faster and more lightweight.",
            speed + f" Declared runtime dependencies: Django app {dj_n}, Flask app {fl_n}. Python "
            "application code (without migrations and tests) for the same behaviour: "
            f"{_compare(py['django'], py['flask'], 'lines')}.",
            speed_open,
        ),
        Claim(
            "Scalability",
            "Django's architecture supports big systems; Flask's suits microservices.",
            "Nothing measured in this render supports or refutes it. Both apps are WSGI "
            "applications served by gunicorn, with the worker count read from "
            "WEB_CONCURRENCY in gunicorn.conf.py, and configured by DATABASE_URL: they "
            "scale out the same way.",
            "Throughput as workers and data grow: not measured here.",
        ),
        Claim(
            "Security",
            "Django is built for secure applications.",
            f"Of {len(m.security)} protections looked for, {len(found['django'])} were found "
            f"in the Django app ({len(defaults)} of them on in any new Django project) and "
            f"{len(found['flask'])} in the Flask app, each added by the app: "
            f"{len(libraries)} with a library ({', '.join(sorted(set(libraries)))}), "
            f"{len(found['flask']) - len(libraries)} by its own code alone"
            + (f"; not found in Flask: {', '.join(missing_flask)}" if missing_flask else "")
            + (f"; not found in Django: {', '.join(missing_django)}" if missing_django else "")
            + ". Searches for unsafe constructs are listed apart and count as no protection.",
            "How the apps answer attacks is not measured on this page: diptych's "
            "hostile-input suite sends the attacks behind the security table to apps "
            f"rendered from its bundled and random specs, and `{CONTRACT_COMMAND}` runs the "
            "contract and parity suites against both apps of this render. What a client can "
            "still tell apart is listed in diptych's docs/contract.md, under Known "
            "differences.",
        ),
    ]


PLACES = {
    "django": {
        "admin.py": ("*/admin.py",),
        "apps.py": ("*/apps.py",),
        "migrations/": ("*/migrations/*.py",),
        "management/commands/": ("*/management/commands/*.py",),
        "templates/": ("*/templates/**/*",),
        "static/": ("*/static/**/*",),
    },
    "flask": {
        "templates/": ("*/templates/**/*",),
        "static/": ("*/static/**/*",),
        "migrations/": ("migrations/**/*",),
    },
}
"""Where each framework looks for files by itself (Flask-Migrate's folder for Flask)."""


def count_autodiscovered(app: Path) -> dict[str, int]:
    """Files found by their location rather than by an import in the app's own code."""
    side = "django" if (app / "manage.py").exists() else "flask"
    counts = {}
    for place, patterns in PLACES[side].items():
        files = {
            path
            for pattern in patterns
            for path in app.glob(pattern)
            if path.is_file() and path.name != "__init__.py" and "__pycache__" not in path.parts
        }
        counts[place] = len(files)
    return counts
