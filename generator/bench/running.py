"""Processes of a bench run: gunicorn servers, wrk, /proc readings (PostgreSQL: ``postgres``)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DiptychError

HOST = "127.0.0.1"
START_TIMEOUT = 60.0


class BenchError(DiptychError):
    """A step of the bench failed; the message holds the command and its output."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def run(command: list[str], cwd: Path, env: dict[str, str], timeout: float = 600) -> str:
    """Run a step inside an app; its stdout, or a BenchError with all its output."""
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise BenchError(
            f"{' '.join(command[:3])} ... exited {result.returncode} in {cwd}\n"
            f"{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )
    return result.stdout


@dataclass
class Server:
    """A gunicorn master; ``cold_start`` is seconds from spawn to the first 200."""

    process: subprocess.Popen[bytes]
    base_url: str
    cold_start: float
    log: Path

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def peak_rss_mib(self) -> float:
        """The largest peak resident set (VmHWM) among the workers, in MiB."""
        peaks = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return max(peaks, default=0.0)


def gunicorn(
    app_dir: Path, target: str, env: dict[str, str], workers: int, probe: str, log: Path
) -> Server:
    """Start gunicorn (sync workers, no access log) and wait for a 200 on ``probe``."""
    port = free_port()
    command = [
        sys.executable,
        *("-m", "gunicorn", "--bind", f"{HOST}:{port}", "--workers", str(workers)),
        *("--worker-class", "sync", "--log-level", "warning", "--graceful-timeout", "5"),
        target,
    ]
    started = time.perf_counter()
    with log.open("w") as output:
        process = subprocess.Popen(
            command, cwd=app_dir, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    base_url = f"http://{HOST}:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn {target} exited {process.returncode}\n{log.read_text()}")
        try:
            with urllib.request.urlopen(base_url + probe, timeout=5) as answer:
                if answer.status == 200:
                    return Server(process, base_url, time.perf_counter() - started, log)
        except urllib.error.HTTPError as error:
            stop(process)
            raise BenchError(
                f"{target}: {probe} answered {error.code}\n{log.read_text()}"
            ) from None
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.05)
    stop(process)
    raise BenchError(f"gunicorn {target} did not answer within {START_TIMEOUT:.0f} s")


def drain(base_url: str, path: str, workers: int, timeout: float = 300) -> None:
    """Wait until every worker has answered the requests a finished wrk run left queued.

    wrk stops counting at its deadline, but a sync worker still serves what it
    accepted; one probe per worker, all at once, returns only once the queue is empty.
    """
    from concurrent.futures import ThreadPoolExecutor

    def probe(_: int) -> None:
        with urllib.request.urlopen(base_url + path, timeout=timeout):
            pass

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(probe, range(workers)))


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wrk_path() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise BenchError("wrk is not installed: apt-get install wrk (or run bash .ci/setup)")
    return found


def wrk_version() -> str:
    """wrk's version as ``wrk -v`` prints it first (``debian/4.1.0-3+b2``, ``4.2.0``)."""
    result = subprocess.run([wrk_path(), "-v"], capture_output=True, text=True, check=False)
    words = (result.stdout + result.stderr).split()
    return words[1] if len(words) > 1 else "unknown"


def wrk(
    base_url: str, script: Path, duration: float, threads: int, connections: int
) -> dict[str, Any]:
    """Run wrk with a script whose ``done`` prints one ``WRK_JSON`` line; that line parsed."""
    command = [
        wrk_path(),
        *("-t", str(threads), "-c", str(connections), "-d", f"{max(1, round(duration))}s"),
        *("--timeout", "10s", "-s", str(script), base_url),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    for line in result.stdout.splitlines():
        if line.startswith("WRK_JSON "):
            figures: dict[str, Any] = json.loads(line.removeprefix("WRK_JSON "))
            return figures
    raise BenchError(f"wrk printed no figures\n{result.stdout}{result.stderr}")
