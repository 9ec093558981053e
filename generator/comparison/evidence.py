"""Evidence for the article's claims: security probes over a render, and the claims table.

A probe searches the rendered files for the line that switches a protection
on; the table then reports the file and line, or says it was not found. The
claims are those of the article in the project's ``shared/seed/`` (a typical
"Django or Flask in 2025" piece), checked against what this render shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class SecurityFeature:
    """One protection: what Django gives, what the Flask app adds, and where each is on."""

    name: str
    django_gives: str
    flask_adds: str
    django: Probe
    flask: Probe
    django_default: bool
    """True when a new Django project has it on before the app writes a line."""


UNSAFE_SQL = r"""(execute|raw|text|extra)\(\s*(f["']|["'][^"']*["']\s*(%|\.format|\+))"""

SECURITY = (
    SecurityFeature(
        "CSRF on forms and cookie-authenticated writes",
        "CsrfViewMiddleware, on in a new project's MIDDLEWARE.",
        "Flask-WTF: each FlaskForm checks its token, and CSRFProtect checks every unsafe "
        "request (views without a form too); the API calls csrf.protect for session writes.",
        Probe("*/settings.py", r"['\"].*CsrfViewMiddleware"),
        Probe("*.py", r"CSRFProtect\(\)"),
        True,
    ),
    SecurityFeature(
        "Login throttling",
        "Nothing by default; the app adds django-axes (AXES_ settings, its backend and "
        "middleware).",
        "No extension: the app writes a LoginFailure table and authenticate() in auth.py.",
        Probe("*/settings.py", r"AXES_FAILURE_LIMIT\s*="),
        Probe("*/models.py", r"^class LoginFailure\("),
        False,
    ),
    SecurityFeature(
        "Password validators",
        "AUTH_PASSWORD_VALIDATORS, four of them in a new project's settings.",
        "Written: password_problems() in forms.py ports the four, with Django's "
        "common-password list.",
        Probe("*/settings.py", r"AUTH_PASSWORD_VALIDATORS\s*="),
        Probe("*/forms.py", r"^def password_problems\("),
        True,
    ),
    SecurityFeature(
        "Salted slow password hashes",
        "The user model's set_password (AbstractUser), PBKDF2 by default.",
        "Werkzeug's generate_password_hash, called by the User model.",
        Probe("*/models.py", r"^class User\(.*Abstract(Base)?User"),
        Probe("*.py", r"=\s*generate_password_hash\("),
        True,
    ),
    SecurityFeature(
        "Sessions end at logout and on a new password",
        "Database sessions (SessionMiddleware) that carry a hash of the password.",
        "Flask-Login's alternative token: the cookie names User.session_token, which "
        "end_sessions() replaces.",
        Probe("*/settings.py", r"['\"]django\.contrib\.sessions\.middleware\.SessionMiddleware"),
        Probe("*/models.py", r"def end_sessions\("),
        True,
    ),
    SecurityFeature(
        "Admin for active staff only",
        "The admin's own login lets in is_staff users; StaffModelAdmin grants staff every entity.",
        "Flask-Admin lets everyone in: StaffOnly.is_accessible() checks is_staff.",
        Probe("*/admin.py", r"return request\.user\.is_active and request\.user\.is_staff"),
        Probe("*/admin.py", r"return current_user\.is_authenticated and current_user\.is_staff"),
        True,
    ),
    SecurityFeature(
        "Users, their flags and tokens for superusers only",
        "Per-model permissions by default; the app's SuperuserOnly makes it one rule.",
        "SuperuserOnly.is_accessible() on the user and token views.",
        Probe("*/admin.py", r"request\.user\.is_superuser"),
        Probe("*/admin.py", r"current_user\.is_superuser"),
        False,
    ),
    SecurityFeature(
        "Login redirect only to local pages (?next=)",
        "LoginView checks the target's host.",
        "Written: is_local_url() in auth.py, Django's rule.",
        Probe("*/urls.py", r"LoginView"),
        Probe("*/auth.py", r"^def is_local_url\("),
        True,
    ),
    SecurityFeature(
        "Clickjacking header (X-Frame-Options)",
        "XFrameOptionsMiddleware, in a new project.",
        "Written: an after_request hook sets the header.",
        Probe("*/settings.py", r"['\"].*XFrameOptionsMiddleware"),
        Probe("*.py", r"X-Frame-Options"),
        True,
    ),
    SecurityFeature(
        "No MIME sniffing (X-Content-Type-Options: nosniff)",
        "SecurityMiddleware sends it, in a new project.",
        "Written: the same after_request hook.",
        Probe("*/settings.py", r"['\"].*SecurityMiddleware"),
        Probe("*.py", r"nosniff"),
        True,
    ),
    SecurityFeature(
        "HSTS outside development",
        "Off until SECURE_HSTS_SECONDS is set (it needs HTTPS).",
        "Written: the hook sends Strict-Transport-Security on HTTPS answers.",
        Probe("*/settings.py", r"SECURE_HSTS_SECONDS\s*="),
        Probe("*.py", r"Strict-Transport-Security"),
        False,
    ),
    SecurityFeature(
        "Secure session cookie outside development",
        "Off by default (it needs HTTPS); the settings turn it on from the environment.",
        "Off by default; the configuration turns it on from the environment.",
        Probe("*/settings.py", r"SESSION_COOKIE_SECURE\s*="),
        Probe("*.py", r"SESSION_COOKIE_SECURE"),
        False,
    ),
    SecurityFeature(
        "Proxy headers trusted only when configured",
        "SECURE_PROXY_SSL_HEADER, set only when TRUSTED_PROXY_COUNT names proxies.",
        "Werkzeug's ProxyFix, applied only when TRUSTED_PROXY_COUNT is set.",
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
    flask_adds: str
    django: str
    """``file:line`` where the protection is on, or "" when not found."""
    flask: str
    django_default: bool = False


@dataclass(frozen=True)
class UnsafeSearch:
    """An unsafe construct searched for: the places found, never counted as a protection."""

    name: str
    django: str
    flask: str


def in_place(result: str) -> bool:
    """A probe result that shows the protection present: a ``file:line``."""
    return bool(result) and not result.startswith("found at") and result != "none found"


def security_rows(django_app: Path, flask_app: Path) -> list[SecurityRow]:
    """Each protection with the place (``file:line``) that enables it on each side."""
    return [
        SecurityRow(
            f.name,
            f.django_gives,
            f.flask_adds,
            f.django.run(django_app),
            f.flask.run(flask_app),
            f.django_default,
        )
        for f in SECURITY
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
            f"{_compare(layer['django'], layer['flask'], 'lines')}.",
            "How long the setup takes a person: not measured here.",
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
            f"{len(found['flask'])} in the Flask app, each added by an extension or by the "
            "app's own code"
            + (f"; not found in Flask: {', '.join(missing_flask)}" if missing_flask else "")
            + (f"; not found in Django: {', '.join(missing_django)}" if missing_django else "")
            + ". Searches for unsafe constructs are listed apart and count as no protection.",
            "Behaviour under attack is tested by diptych's hostile-input and contract suites, "
            "not measured in this render.",
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
