"""Browser fixtures for the PWA tests: Debian's headless Chromium driven by Playwright, and local servers."""

from __future__ import annotations

import functools
import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.browser import PHONE

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def repo_server() -> Iterator[str]:
    """The repository served as static files (pwa/ and tests/vectors/ side by side)."""
    handler = functools.partial(_QuietHandler, directory=str(ROOT))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class ThreadedServer:
    """A uvicorn server for an ASGI app in a background thread of the test process."""

    def __init__(self, app) -> None:
        import uvicorn

        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "ThreadedServer":
        self.thread.start()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("test server did not start")
            threading.Event().wait(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def shell_app(root: Path | None = None):
    """An app that serves only the PWA shell (no API): enough for the shell and offline-start tests."""
    from fastapi import FastAPI

    from backend.shell import PWA_DIR, build_router

    app = FastAPI()
    app.include_router(build_router(root or PWA_DIR))
    return app


@pytest.fixture(scope="session")
def shell_server() -> Iterator[str]:
    with ThreadedServer(shell_app()) as server:
        yield server.url


@pytest.fixture(scope="session")
def live_world(tmp_path_factory):
    """The real server with a seeded agency: a tester with three store-check assignments, a reviewer, a client."""
    from tests.pwa.live import seed, start_server

    server = start_server(tmp_path_factory.mktemp("live"))
    try:
        yield seed(server, assignments=5)
    finally:
        server.stop()


@pytest.fixture
def phone(browser):
    """A fresh phone-sized browser context (its own storage, service worker and network switch)."""
    context = browser.new_context(**PHONE, locale="de-DE")
    yield context
    context.close()


@pytest.fixture(scope="session")
def photo_file(tmp_path_factory) -> Path:
    from tests.pwa.flows import camera_photo

    return camera_photo(tmp_path_factory.mktemp("photos") / "camera.jpg")
