"""``diptych demo``: both apps served side by side, stopped cleanly by Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from generator.demo_server import apps
from generator.demo_server import demo_command
from generator.demo_server import port_free

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_port_in_use_is_refused_before_anything_starts(runner, tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(
            demo_command,
            ["--django-port", str(port), "--flask-port", str(free_port()), "-o", str(tmp_path)],
        )
    assert result.exit_code == 2
    assert f"Port {port} is already in use" in result.output
    assert not any(tmp_path.iterdir()), "nothing is rendered when a port is taken"


def test_a_folder_that_is_not_a_render_is_never_replaced(runner, tmp_path: Path) -> None:
    precious = tmp_path / "notes.txt"
    precious.write_text("mine")
    result = runner.invoke(
        demo_command,
        ["--django-port", str(free_port()), "--flask-port", str(free_port()), "-o", str(tmp_path)],
    )
    assert result.exit_code == 2
    assert "not a diptych render" in result.output
    assert precious.read_text() == "mine"


def test_the_same_port_twice_is_refused(runner) -> None:
    port = str(free_port())
    result = runner.invoke(demo_command, ["--django-port", port, "--flask-port", port])
    assert result.exit_code == 2


def test_commands_use_this_interpreter_and_the_contract_commands(tmp_path: Path) -> None:
    django, flask = apps(tmp_path, "blog", 8001, 5001)
    assert django.setup[0][:3] == (sys.executable, "manage.py", "migrate")
    assert django.setup[1][-1] == "seed_demo"
    assert django.server[-1] == "blog_site.wsgi" and "127.0.0.1:8001" in django.server
    assert flask.setup[0][-2:] == ("db", "upgrade") and flask.setup[1][-1] == "seed-demo"
    assert flask.server[-1] == "blog:create_app()" and "127.0.0.1:5001" in flask.server
    assert django.env["DATABASE_URL"] != flask.env["DATABASE_URL"]
    assert django.env["DATABASE_URL"].startswith(f"sqlite:///{tmp_path.resolve()}")
    assert (django.env["DEBUG"], flask.env["SECURE_COOKIES"]) == ("1", "0")


@pytest.mark.impure
def test_demo_serves_both_apps_and_stops_on_sigint(tmp_path: Path) -> None:
    django_port, flask_port = free_port(), free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from generator.demo_server import demo_command; demo_command()",
            "--django-port",
            str(django_port),
            "--flask-port",
            str(flask_port),
            "-o",
            str(tmp_path / "demo"),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    rest = ""
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            output.append(line)
            if "Press Ctrl-C" in line:
                break
        text = "".join(output)
        assert "Press Ctrl-C" in text, text
        assert f"http://127.0.0.1:{django_port}/" in text
        assert f"http://127.0.0.1:{flask_port}/" in text
        assert "admin, alice, bob" in text and "demo-password" in text
        for port in (django_port, flask_port):
            home = requests.get(f"http://127.0.0.1:{port}/", timeout=10)
            assert home.status_code == 200 and "Blog" in home.text
            listing = requests.get(f"http://127.0.0.1:{port}/api/posts/", timeout=10)
            assert listing.status_code == 200
            assert listing.json()["count"] > 0, "demo data is loaded"
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
        process.stdout.close()
    assert process.returncode == 0, "".join(output) + rest
    assert "Stopped both servers." in rest
    for port in (django_port, flask_port):
        assert port_free(port), f"the server on {port} is gone"
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", port)) != 0, f"nothing answers on {port}"
