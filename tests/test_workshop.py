"""docs/workshop.md works as written: its marked blocks are run against real renders and servers.

A block is marked by an HTML comment on the line before its fence:
``<!-- check: KIND expect="a|b" -->``. Kinds: ``shell`` (pre-work, the fallback
set-up and the code reading, run in order in a scratch folder that sees the
clone's docs/, generator/ and examples/), ``demo`` (the command that starts both
apps), ``demo-option`` (another way to call it, parsed by the CLI), ``serve``
(one server command a line, each started and asked for its home page),
``signup`` (a table of sign-up attempts, sent to both apps' form), ``api`` (curl
calls, run in order against each app with ``$BASE`` set), ``render`` (shell,
run in the scratch folder), ``test-django`` / ``test-flask`` (test files saved
into the rendered apps) and ``run-tests`` (run on SQLite and on PostgreSQL).
Expected strings must appear in the block's output, in order.
"""

from __future__ import annotations

import html
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
import requests
import yaml

from generator import PROJECT_URL
from generator.cli import main
from generator.spec import load_spec
from tests.postgres import running_postgres

ROOT = Path(__file__).resolve().parent.parent
WORKSHOP = ROOT / "docs" / "workshop.md"
BLOCK = re.compile(
    r"<!-- check: (?P<kind>[\w-]+)(?: expect=\"(?P<expect>[^\"]*)\")? -->\n"
    r"```(?P<lang>\w+)\n(?P<body>.*?)\n```",
    re.DOTALL,
)
KINDS = {
    "shell",
    "demo",
    "demo-option",
    "serve",
    "signup",
    "api",
    "render",
    "test-django",
    "test-flask",
    "run-tests",
}
SIGNUP_TABLE = re.compile(r"<!-- check: signup -->\n((?:\|.*\|\n)+)")
SIGNED_IN = re.compile(r"Signed in as (\w+)")
"""An answer cell that means: the sign-up worked and this user is signed in."""


@dataclass(frozen=True)
class Block:
    kind: str
    expect: tuple[str, ...]
    body: str


def blocks(kind: str | None = None) -> list[Block]:
    text = WORKSHOP.read_text(encoding="utf-8")
    found = [
        Block(m["kind"], tuple(filter(None, (m["expect"] or "").split("|"))), m["body"])
        for m in BLOCK.finditer(text)
    ]
    found += [Block("signup", (), table) for table in SIGNUP_TABLE.findall(text)]
    return [b for b in found if kind is None or b.kind == kind]


def signup_rows() -> list[tuple[str, str, str, str]]:
    """(username, password, Django's answer, Flask's answer) of the sign-up table."""
    [table] = blocks("signup")
    rows = []
    for line in table.body.splitlines()[2:]:
        cells = [cell.strip().strip("`") for cell in line.strip("|").split("|")]
        username, password, django, flask = cells
        rows.append((username, password, django, flask))
    return rows


def shell_env() -> dict[str, str]:
    """A participant's shell: this virtualenv first on PATH, no test-runner settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "FLASK_", "PYTEST_")) and k != "DATABASE_URL"
    }
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_shell(script: str, cwd: Path, env: dict[str, str], timeout: float = 600) -> str:
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"exit {result.returncode}\n{script}\n---\n{output}"
    return output


def assert_in_order(output: str, expected: tuple[str, ...]) -> None:
    position = 0
    for text in expected:
        found = output.find(text, position)
        assert found >= 0, f"{text!r} not found (in order) in:\n{output}"
        position = found + len(text)


def test_every_kind_of_block_is_present() -> None:
    assert {b.kind for b in blocks()} == KINDS
    assert len(blocks("api")) >= 5
    assert len(signup_rows()) >= 4


def test_every_fenced_command_block_is_checked() -> None:
    """Only the operating systems' install commands and ``export BASE`` run unchecked."""
    text = WORKSHOP.read_text(encoding="utf-8")
    unchecked = [
        m["body"]
        for m in re.finditer(r"(?<!-->\n)```(?:sh|python)\n(?P<body>.*?)```", text, re.DOTALL)
    ]
    install = ("brew install", "sudo apt", "git clone", "export BASE")
    assert unchecked and all(body.startswith(install) for body in unchecked), unchecked


def test_the_clone_command_uses_the_project_url() -> None:
    assert f"git clone {PROJECT_URL}.git" in WORKSHOP.read_text(encoding="utf-8")


def test_the_workshop_spec_is_the_one_the_examples_were_rendered_from() -> None:
    ours = yaml.safe_load((ROOT / "docs" / "workshop" / "todo.yml").read_text())
    for path in (
        ROOT / "generator" / "specs" / "todo.yml",
        ROOT / "examples" / "todo" / "spec.yml",
    ):
        assert yaml.safe_load(path.read_text()) == ours, path


def test_the_other_demo_command_is_one_the_cli_accepts() -> None:
    for block in blocks("demo-option"):
        args = shlex.split(block.body)
        assert args[:2] == ["diptych", "demo"]
        context = click.Context(main, info_name="diptych")
        command = main.get_command(context, args[1])
        assert command is not None
        parsed = command.make_context(args[1], args[2:], parent=context)
        assert parsed.params["flask_port"] == 5001
        assert str(parsed.params["spec"]).endswith("docs/workshop/todo.yml")


@pytest.mark.parametrize("spec", sorted((ROOT / "docs" / "workshop").glob("*.yml")))
def test_workshop_specs_are_valid(spec: Path) -> None:
    assert load_spec(spec).entities


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A participant's working folder: the clone's docs/ and generator/ visible from it."""
    folder = tmp_path_factory.mktemp("workshop")
    for name in ("docs", "generator", "examples"):
        (folder / name).symlink_to(ROOT / name)
    return folder


@pytest.fixture(scope="module")
def shell_blocks(scratch: Path) -> list[str]:
    """Run the shell blocks in order (pre-work check, fallback set-up, code reading)."""
    return [run_shell(b.body, scratch, shell_env()) for b in blocks("shell")]


def test_shell_blocks_print_what_the_page_says(shell_blocks: list[str]) -> None:
    for block, output in zip(blocks("shell"), shell_blocks, strict=True):
        assert block.expect
        assert_in_order(output, block.expect)


def _wait_for_home(url: str, process: subprocess.Popen[str], timeout: float = 90) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[0]
        try:
            return requests.get(url, timeout=5).status_code
        except requests.ConnectionError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer in {timeout} s")


@pytest.mark.impure
def test_the_fallback_apps_serve_their_home_pages(scratch: Path, shell_blocks: list[str]) -> None:
    [serve] = blocks("serve")
    lines = serve.body.splitlines()
    assert [line.count("8000") + line.count("5000") for line in lines] == [1, 1]
    for line in lines:
        port = _free_port()
        command = line.replace("8000", str(port)).replace("5000", str(port))
        process = subprocess.Popen(
            ["bash", "-c", command],
            cwd=scratch,
            env=shell_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            assert _wait_for_home(f"http://127.0.0.1:{port}/", process) == 200, line
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.communicate(timeout=30)


@pytest.fixture(scope="module")
def rendered_blocks(scratch: Path) -> list[str]:
    """Run the render blocks in order; their outputs."""
    return [run_shell(b.body, scratch, shell_env()) for b in blocks("render")]


def test_render_blocks_show_the_new_field(rendered_blocks: list[str]) -> None:
    for block, output in zip(blocks("render"), rendered_blocks, strict=True):
        assert_in_order(output, block.expect)


def test_tests_written_in_the_workshop_pass_in_both_apps(
    scratch: Path, rendered_blocks: list[str]
) -> None:
    for kind, app in (("test-django", "django_app"), ("test-flask", "flask_app")):
        [block] = blocks(kind)
        (scratch / "work" / "after" / app / "tests" / "test_priority.py").write_text(
            block.body + "\n"
        )
    [run] = blocks("run-tests")
    output = run_shell(run.body, scratch, shell_env())
    assert output.count("1 passed") == 2, output


@pytest.mark.impure
def test_tests_written_in_the_workshop_pass_on_postgresql(
    scratch: Path, rendered_blocks: list[str]
) -> None:
    """The page says they do; on PostgreSQL NULLs sort last, so list order is not SQLite's."""
    for kind, app in (("test-django", "django_app"), ("test-flask", "flask_app")):
        [block] = blocks(kind)
        (scratch / "work" / "after" / app / "tests" / "test_priority.py").write_text(
            block.body + "\n"
        )
    [run] = blocks("run-tests")
    with running_postgres() as server:
        url = server.create_database("todo")
        output = run_shell(run.body, scratch, {**shell_env(), "DATABASE_URL": url})
    assert output.count("1 passed") == 2, output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def servers(scratch: Path):
    """The workshop's demo command, on free ports; yields the two base URLs."""
    [demo] = blocks("demo")
    ports = _free_port(), _free_port()
    command = [
        *shlex.split(demo.body),
        "--django-port",
        str(ports[0]),
        "--flask-port",
        str(ports[1]),
    ]
    assert command[:2] == ["diptych", "demo"]
    env = shell_env()
    process = subprocess.Popen(
        command, cwd=scratch, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines = []
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "Press Ctrl-C" in line:
                break
        assert "Press Ctrl-C" in "".join(lines), "".join(lines)
        yield [f"http://127.0.0.1:{port}" for port in ports]
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)
        assert process.returncode == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()


def _sign_up(base: str, framework: str, username: str, password: str) -> requests.Session:
    """Fill in the sign-up form as a browser does; the session, its answer in ``.answer``."""
    browser = requests.Session()
    form = browser.get(f"{base}/accounts/signup/", timeout=30)
    assert form.status_code == 200, form.text
    name = "csrfmiddlewaretoken" if framework == "django" else "csrf_token"
    token = re.search(rf'name="{name}"[^>]*value="([^"]+)"', form.text)
    assert token is not None, form.text
    data = {name: token.group(1), "username": username}
    data |= {"password1": password, "password2": password}
    answer = browser.post(f"{base}/accounts/signup/", data=data, timeout=30)
    browser.answer = html.unescape(answer.text)  # type: ignore[attr-defined]
    return browser


@pytest.mark.impure
@pytest.mark.parametrize("app", ["django", "flask"])
def test_the_server_says_what_the_signup_table_says(servers, app: str) -> None:
    base = servers[0 if app == "django" else 1]
    for username, password, django, flask in signup_rows():
        expected = django if app == "django" else flask
        browser = _sign_up(base, app, username, password)
        me = browser.get(f"{base}/api/me/", timeout=30)
        signed_in = SIGNED_IN.match(expected)
        if signed_in:
            assert me.status_code == 200 and me.json()["username"] == signed_in.group(1)
        else:
            assert expected in browser.answer, (username, password, browser.answer)
            assert me.status_code == 401, (username, password)


@pytest.mark.impure
@pytest.mark.parametrize("app", ["django", "flask"])
def test_curl_blocks_work_against_both_apps(servers, scratch: Path, app: str) -> None:
    base = servers[0 if app == "django" else 1]
    api = blocks("api")
    script = "\n".join(f"echo; echo '@@block {i}'\n{block.body}" for i, block in enumerate(api))
    folder = scratch / f"curl-{app}"
    folder.mkdir()
    output = run_shell(script, folder, {**shell_env(), "BASE": base}, timeout=120)
    parts = re.split(r"^@@block \d+$", output, flags=re.MULTILINE)[1:]
    assert len(parts) == len(api)
    for block, part in zip(api, parts, strict=True):
        assert_in_order(part, block.expect)


def test_the_workshop_keeps_its_teaching_shape() -> None:
    """Pre-work for three systems, models read before the admin, a fallback, the AirPlay note."""
    text = WORKSHOP.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert headings[0].startswith("Pre-work")
    models = next(i for i, h in enumerate(headings) if "models side by side" in h)
    admin = next(i for i, h in enumerate(headings) if "admins" in h)
    diff = next(i for i, h in enumerate(headings) if "Add a field" in h)
    assert models < admin < diff
    for system in ("**macOS**", "**Linux**", "**Windows**: use WSL"):
        assert system in text
    assert "AirPlay Receiver" in text and "--flask-port 5001" in text
    assert "examples/todo" in text
    minutes = [int(m) for m in re.findall(r"\((\d+) min\)", "\n".join(headings[1:]))]
    assert sum(minutes) == 90, minutes
    answers = (ROOT / "docs" / "workshop-answers.md").read_text(encoding="utf-8")
    for number in range(1, 7):
        assert re.search(rf"^## {number}\. ", answers, flags=re.MULTILINE), number


def test_the_add_a_field_step_goes_through_diptych_diff(
    scratch: Path, rendered_blocks: list[str]
) -> None:
    """The step runs the real command, and the page it says it writes is there to open."""
    [diff] = [b for b in blocks("render") if "diptych diff" in b.body]
    command = next(line for line in diff.body.splitlines() if line.startswith("diptych diff"))
    assert shlex.split(command)[2:4] == [
        "docs/workshop/todo.yml",
        "docs/workshop/todo-priority.yml",
    ]
    page = scratch / "work" / "priority-diff.html"
    assert page.is_file() and "priority" in page.read_text(encoding="utf-8")
