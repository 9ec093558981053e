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
    """One protection, where each framework switches it on, and what the default is."""

    name: str
    default: str
    django: Probe
    flask: Probe


UNSAFE_SQL = r"""(execute|raw|text|extra)\(\s*(f["']|["'][^"']*["']\s*(%|\.format|\+))"""

SECURITY = (
    SecurityFeature(
        "CSRF protection on forms",
        "Django: on in every new project (middleware). Flask: off until CSRFProtect is added.",
        Probe("*.py", r"['\"].*CsrfViewMiddleware"),
        Probe("*.py", r"CSRFProtect\(\)"),
    ),
    SecurityFeature(
        "Salted slow password hashes",
        "Django: built into the user model (PBKDF2). Flask: the app calls Werkzeug's hasher.",
        Probe("*/models.py", r"^class User\(.*Abstract(Base)?User"),
        Probe("*.py", r"=\s*generate_password_hash\("),
    ),
    SecurityFeature(
        "Password strength validation",
        "Django: validators listed in a new project's settings. Flask: none unless written.",
        Probe("*.py", r"AUTH_PASSWORD_VALIDATORS"),
        Probe("*.py", r"Length\(\s*min|validate_password|password_validat"),
    ),
    SecurityFeature(
        "Clickjacking header (X-Frame-Options)",
        "Django: XFrameOptionsMiddleware in a new project. Flask: no header unless set.",
        Probe("*.py", r"['\"].*XFrameOptionsMiddleware"),
        Probe("*.py", r"X-Frame-Options"),
    ),
    SecurityFeature(
        "No MIME sniffing (X-Content-Type-Options: nosniff)",
        "Django: SecurityMiddleware sends it in a new project. Flask: no header unless set.",
        Probe("*.py", r"['\"].*SecurityMiddleware"),
        Probe("*.py", r"nosniff"),
    ),
    SecurityFeature(
        "HSTS outside development",
        "Both: off until configured (it needs HTTPS); Django by a setting, Flask by a header.",
        Probe("*.py", r"SECURE_HSTS_SECONDS\s*="),
        Probe("*.py", r"Strict-Transport-Security"),
    ),
    SecurityFeature(
        "Secure session cookie outside development",
        "Both: off by default (works over plain HTTP); the apps turn it on from the environment.",
        Probe("*.py", r"SESSION_COOKIE_SECURE"),
        Probe("*.py", r"SESSION_COOKIE_SECURE|REMEMBER_COOKIE_SECURE"),
    ),
    SecurityFeature(
        "Admin limited to staff",
        "Django: the admin checks is_staff itself. "
        "Flask-Admin: open until is_accessible() says no.",
        Probe("*/admin.py", r"admin\.register|admin\.site"),
        Probe("*/admin.py", r"is_accessible"),
    ),
    SecurityFeature(
        "Login redirect only to local pages (?next=)",
        "Django: LoginView checks the host. Flask: the view checks it by hand.",
        Probe("*.py", r"LoginView|url_has_allowed_host_and_scheme"),
        Probe("*/auth.py", r"\bnetloc\b|url_has_allowed_host_and_scheme\(|is_safe_url\("),
    ),
    SecurityFeature(
        "HTML escaping in templates (no |safe, mark_safe, Markup)",
        "Both: on by default (Django templates; Jinja with autoescape for .html in Flask).",
        Probe("*", r"\|\s*safe\b|mark_safe|Markup\(|autoescape off|autoescape false", absent=True),
        Probe("*", r"\|\s*safe\b|mark_safe|Markup\(|autoescape off|autoescape false", absent=True),
    ),
    SecurityFeature(
        "SQL never built from strings (no f-string or % SQL)",
        "Both ORMs send values separately from the SQL text, so queries are not injectable.",
        Probe("*/*.py", UNSAFE_SQL, absent=True),
        Probe("*/*.py", UNSAFE_SQL, absent=True),
    ),
)


@dataclass(frozen=True)
class SecurityRow:
    name: str
    default: str
    django: str
    flask: str


def in_place(result: str) -> bool:
    """A probe result that shows the protection present (a place, or no unsafe use)."""
    return bool(result) and not result.startswith("found at")


def security_rows(django_app: Path, flask_app: Path) -> list[SecurityRow]:
    """Each protection with the place (``file:line``) that enables it on each side."""
    return [
        SecurityRow(f.name, f.default, f.django.run(django_app), f.flask.run(flask_app))
        for f in SECURITY
    ]


@dataclass(frozen=True)
class Claim:
    """One claim of the article, the evidence from this render, and what is still to measure."""

    topic: str
    claim: str
    evidence: str
    to_measure: str


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
    autodiscovered: dict[str, int]


CORE_FEATURES = ("ORM", "migrations", "auth", "forms/CSRF", "admin")


def _core_packages(packages: Packages | None) -> list[str]:
    if packages is None:
        return []
    return sorted({p for feature in CORE_FEATURES for p in packages.for_feature(feature)})


def _compare(django: int, flask: int, noun: str) -> str:
    """``"more lines in Flask (218 vs 26)"`` in words, whichever way the numbers go."""
    if django == flask:
        return f"the same number of {noun} ({django})"
    side = "Flask" if flask > django else "Django"
    return f"more {noun} in {side} (Django {django}, Flask {flask})"


def claims(m: Measured) -> list[Claim]:
    """The article's five claims, each with this render's evidence."""
    dj, fl = m.packages.get("django"), m.packages.get("flask")
    dj_core, fl_core = _core_packages(dj), _core_packages(fl)
    dj_n, fl_n = (len(p.runtime) if p else 0 for p in (dj, fl))
    py = {side: m.lines[side]["Python"].lines for side in ("django", "flask")}
    auth = m.group_lines.get("auth", {"django": 0, "flask": 0})
    layer = m.section_lines.get("api-layer", {"django": 0, "flask": 0})
    in_place_counts = {
        side: sum(1 for row in m.security if in_place(getattr(row, side)))
        for side in ("django", "flask")
    }
    missing_flask = [row.name for row in m.security if not in_place(row.flask)]
    missing_django = [row.name for row in m.security if not in_place(row.django)]
    return [
        Claim(
            "Batteries included vs extensions",
            "Django has the ORM, authentication and an admin built in; Flask needs manual "
            "setup for authentication and the ORM.",
            f"ORM, migrations, auth, forms/CSRF and admin come from {len(dj_core)} package(s) "
            f"in the Django app ({', '.join(dj_core) or 'none found'}) and from "
            f"{len(fl_core)} in the Flask app ({', '.join(fl_core) or 'none found'}). "
            "Sign-up, login, users and tokens: "
            f"{_compare(auth['django'], auth['flask'], 'lines')}. "
            "Where Flask has a mature extension the setup is mostly wiring; where this app "
            "uses none (the JSON API layer: pagination, filters, errors) the difference is "
            f"{_compare(layer['django'], layer['flask'], 'lines')}.",
            "Nothing further: a property of the code, measured here.",
        ),
        Claim(
            "Flexibility vs conventions",
            "Django is more opinionated and less flexible; Flask gives more control over "
            "the structure.",
            f"The Django app has {m.autodiscovered.get('django', 0)} files that the framework "
            "finds by their place (settings, apps.py, admin.py, migrations/, "
            f"management/commands/); the Flask app has {m.autodiscovered.get('flask', 0)} "
            "(its migrations, found by Alembic), everything else is wired by explicit imports "
            "and `register_blueprint()`. Both apps follow a layout by choice (Django's "
            "startproject, Flask's tutorial): the difference is who enforces it.",
            "Not a number: read the layout and settings sections.",
        ),
        Claim(
            "Speed and lightness",
            "Flask is faster and more lightweight.",
            f"Direct runtime dependencies: Django app {dj_n}, Flask app {fl_n}. Python "
            "application code (without migrations and tests) for the same behaviour: "
            f"{_compare(py['django'], py['flask'], 'lines')}. A small core does not make a "
            "small app: the features Django ships are installed and written separately "
            "in Flask.",
            "Request latency is measured by benchmarks/api_latency.py, not here; "
            "start-up time and memory per worker are not measured yet.",
        ),
        Claim(
            "Scalability",
            "Django's architecture supports big systems; Flask's suits microservices.",
            "Both apps are WSGI applications served by gunicorn and configured by "
            "DATABASE_URL, so they scale out the same way: more worker processes behind a "
            "load balancer, one shared database (PostgreSQL runs both unchanged). Nothing "
            "in this render is monolithic on one side and modular on the other.",
            "Throughput under load (requests per second at a given latency, several "
            "workers, PostgreSQL) is still to be measured.",
        ),
        Claim(
            "Security",
            "Django is built for secure applications.",
            f"Of {len(m.security)} protections checked, {in_place_counts['django']} are in "
            f"place in the Django app and {in_place_counts['flask']} in the Flask app"
            + (f"; missing in Flask: {', '.join(missing_flask)}" if missing_flask else "")
            + (f"; missing in Django: {', '.join(missing_django)}" if missing_django else "")
            + ". In Django most are defaults of a new project; in Flask each is a line the "
            "app or an extension adds, so forgetting one leaves that hole open.",
            "Behaviour is tested by the apps' own suites and the contract suite (CSRF "
            "refusal, staff-only admin, password hashing), not by this page.",
        ),
    ]


def count_autodiscovered(app: Path) -> int:
    """Files found by their location rather than by an import in the app's own code."""
    patterns = (
        "*_site/settings.py",
        "*/admin.py",
        "*/migrations/*.py",
        "migrations/*.py",
        "migrations/versions/*.py",
        "*/management/commands/*.py",
        "*/apps.py",
    )
    is_django = (app / "manage.py").exists()
    count = 0
    for path in app_files(app):
        relative = path.relative_to(app)
        if path.name == "__init__.py":
            continue
        if relative.match("*/admin.py") and not is_django:
            continue
        if any(relative.match(p) and len(relative.parts) == len(Path(p).parts) for p in patterns):
            count += 1
    return count
