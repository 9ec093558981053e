"""Evidence for the article's claims: security probes over a render, and the claims table.

A probe searches the rendered files for the line that switches a protection
on; the table then reports the file and line, or says it was not found. The
claims are those of the article in ``/work/shared/seed/`` (a typical
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


SECURITY = (
    SecurityFeature(
        "CSRF protection on forms",
        "Django: on in every new project (middleware). Flask: off until CSRFProtect is added.",
        Probe("*.py", r"CsrfViewMiddleware"),
        Probe("*.py", r"CSRFProtect"),
    ),
    SecurityFeature(
        "Salted slow password hashes",
        "Django: built into the user model (PBKDF2). Flask: the app calls Werkzeug's hasher.",
        Probe("*/models.py", r"AbstractUser|AbstractBaseUser"),
        Probe("*.py", r"generate_password_hash"),
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
        Probe("*.py", r"XFrameOptionsMiddleware"),
        Probe("*.py", r"X-Frame-Options"),
    ),
    SecurityFeature(
        "Security headers (nosniff, HSTS, SSL redirect)",
        "Django: SecurityMiddleware in a new project. Flask: none unless set.",
        Probe("*.py", r"SecurityMiddleware"),
        Probe("*.py", r"nosniff|Strict-Transport-Security"),
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
        Probe("*/auth.py", r"netloc|urlsplit|urlparse|is_safe|url_has_allowed"),
    ),
    SecurityFeature(
        "HTML escaping in templates (no |safe, mark_safe, Markup)",
        "Both: on by default (Django templates; Jinja with autoescape for .html in Flask).",
        Probe("*", r"\|\s*safe\b|mark_safe|Markup\(|autoescape off|autoescape false", absent=True),
        Probe("*", r"\|\s*safe\b|mark_safe|Markup\(|autoescape off|autoescape false", absent=True),
    ),
    SecurityFeature(
        "SQL through the ORM only (no raw SQL strings)",
        "Both ORMs send parameters separately from SQL, so queries are not injectable.",
        Probe("*/*.py", r"\.raw\(|cursor\(\)|\.execute\(\s*['\"f]", absent=True),
        Probe(
            "*/*.py",
            r"\.execute\(\s*['\"f]|text\(\s*f?['\"]\s*(SELECT|INSERT|UPDATE|DELETE)",
            absent=True,
        ),
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
    security: list[SecurityRow]
    autodiscovered: dict[str, int]


def claims(m: Measured) -> list[Claim]:
    """The article's five claims, each with this render's evidence."""
    dj, fl = m.packages.get("django"), m.packages.get("flask")
    dj_n = len(dj.runtime) if dj else 0
    fl_n = len(fl.runtime) if fl else 0
    core = ("ORM", "migrations", "auth", "forms/CSRF", "admin")
    fl_core = sorted({p for f in core for p in (fl.for_feature(f) if fl else ())})
    dj_core = sorted({p for f in core for p in (dj.for_feature(f) if dj else ())})
    py = {side: m.lines[side]["Python"].lines for side in ("django", "flask")}
    auth = m.group_lines.get("auth", {"django": 0, "flask": 0})
    sec_dj = sum(1 for row in m.security if in_place(row.django))
    sec_fl = sum(1 for row in m.security if in_place(row.flask))
    return [
        Claim(
            "Batteries included vs extensions",
            "Django has the ORM, authentication and an admin built in; Flask needs manual "
            "setup for authentication and the ORM.",
            f"ORM, migrations, auth, forms/CSRF and admin come from {len(dj_core)} package(s) "
            f"on the Django side ({', '.join(dj_core) or 'none found'}) and from "
            f"{len(fl_core)} on the Flask side ({', '.join(fl_core) or 'none found'}). "
            f"Sign-up, login and token auth take {auth['django']} lines in Django and "
            f"{auth['flask']} in Flask. Confirmed, with a nuance: the Flask setup is "
            "mostly wiring extensions, not writing the features.",
            "Nothing further: this is a property of the code, measured here.",
        ),
        Claim(
            "Flexibility vs conventions",
            "Django is more opinionated and less flexible; Flask gives more control over "
            "the structure.",
            f"The Django app has {m.autodiscovered.get('django', 0)} files that Django finds "
            "by their place (settings, admin.py, migrations/, management/commands/); "
            f"the Flask app has {m.autodiscovered.get('flask', 0)} such files (the migration "
            "folder), everything else is wired by explicit imports and `register_blueprint`. "
            "Both apps follow a layout by choice (Django's startproject, Flask's tutorial), "
            "so the difference is who enforces it, not whether there is one.",
            "Not measurable as a number; read the layout and settings sections.",
        ),
        Claim(
            "Speed and lightness",
            "Flask is faster and more lightweight.",
            f"Direct runtime dependencies: {dj_n} (Django) vs {fl_n} (Flask). Python code "
            f"for the same behaviour: {py['django']} lines (Django) vs {py['flask']} (Flask). "
            '"Lightweight" holds for the framework core, not for an app with the same '
            "features: the Flask app installs more packages and carries more of its own code.",
            "Request latency and throughput are measured by benchmarks/api_latency.py, "
            "not here; start-up time and memory per worker are not measured yet.",
        ),
        Claim(
            "Scalability",
            "Django's architecture supports big systems; Flask's suits microservices.",
            "Both apps are WSGI applications served by the same server (gunicorn) and read "
            "the same DATABASE_URL, so they scale out the same way: more worker processes "
            "behind a load balancer, one shared database. Nothing in this render is "
            "monolithic on one side and modular on the other.",
            "Throughput under load (requests per second at a given latency, several "
            "workers, PostgreSQL) is still to be measured; not done by this render.",
        ),
        Claim(
            "Security",
            "Django is built for secure applications.",
            f"Of {len(m.security)} protections checked, the Django app shows "
            f"{sec_dj} in place and the Flask app {sec_fl} (table below). The difference is "
            "where they come from: in Django most are framework defaults present in a new "
            "project; in Flask each one is a line the app (or an extension) adds, and "
            "forgetting it leaves the hole open.",
            "Behaviour is checked by the apps' own test suites (CSRF refusal, staff-only "
            "admin, password hashing), not by this page.",
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
