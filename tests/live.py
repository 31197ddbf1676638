"""The real server in a subprocess, on a free port, with its own database and media directory."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class LiveServer:
    url: str
    var_dir: Path
    env: dict[str, str]
    process: subprocess.Popen | None = None

    def start(self) -> None:
        port = int(self.url.rsplit(":", 1)[1])
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "backend.main:app", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "warning"],
            cwd=ROOT, env=self.env, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/readyz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}")
            time.sleep(0.2)
        raise RuntimeError("the server did not become ready in 30 s")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Stop the server the hard way (a crash) unless told otherwise."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        self.kill(signal.SIGTERM)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cli(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    """The real `fieldcheck` command line in a subprocess, its output captured."""
    return subprocess.run([sys.executable, "-m", "backend.cli", *arguments], cwd=ROOT, env=env,
                          capture_output=True, text=True)


def prepare(var_dir: Path, *, database_url: str | None = None, demo: bool = True) -> LiveServer:
    """Migrate (and seed the demo) with the real CLI, ready to start."""
    env = {**os.environ, "FIELDCHECK_VAR_DIR": str(var_dir)}
    # The test process's key (tests/conftest.py): tokens it writes straight into the database must work.
    env.setdefault("FIELDCHECK_SECRET_KEY", "live-test-secret")
    env.pop("FIELDCHECK_DATABASE_URL", None)
    if database_url:
        env["FIELDCHECK_DATABASE_URL"] = database_url
    command = "demo" if demo else "migrate"
    subprocess.run([sys.executable, "-m", "backend.cli", command], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return LiveServer(url=f"http://127.0.0.1:{free_port()}", var_dir=var_dir, env=env)


def raw_request(base: str, method: str, target: str, headers: dict[str, str],
                timeout: float) -> tuple[int, dict[str, str], bytes]:
    """One request with its target sent as written (httpx would remove dot segments), read to its end."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request(method, target, headers=headers)
        response = connection.getresponse()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, response.read()
    finally:
        connection.close()
