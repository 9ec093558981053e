"""docs/workshop.md works as written: its marked blocks are run against real renders and servers.

A block is marked by an HTML comment on the line before its fence:
``<!-- check: KIND expect="a|b" -->``. Kinds: ``demo`` (the command that
starts both apps), ``api`` (curl calls, run in order against each app with
``$BASE`` set), ``render`` (shell, run in a scratch folder), ``test-django`` /
``test-flask`` (test files saved into the rendered apps) and ``run-tests``.
Expected strings must appear in the block's output, in order.
"""

from __future__ import annotations

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

import pytest

from generator.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
WORKSHOP = ROOT / "docs" / "workshop.md"
BLOCK = re.compile(
    r"<!-- check: (?P<kind>[\w-]+)(?: expect=\"(?P<expect>[^\"]*)\")? -->\n"
    r"```(?P<lang>\w+)\n(?P<body>.*?)\n```",
    re.DOTALL,
)
KINDS = {"demo", "api", "render", "test-django", "test-flask", "run-tests"}


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
    return [b for b in found if kind is None or b.kind == kind]


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
    assert len(blocks("api")) >= 4


@pytest.mark.parametrize("spec", sorted((ROOT / "docs" / "workshop").glob("*.yml")))
def test_workshop_specs_are_valid(spec: Path) -> None:
    assert load_spec(spec).entities


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A participant's working folder: the clone's docs/ and generator/ visible from it."""
    folder = tmp_path_factory.mktemp("workshop")
    (folder / "docs").symlink_to(ROOT / "docs")
    (folder / "generator").symlink_to(ROOT / "generator")
    return folder


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
