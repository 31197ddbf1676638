"""A static path that names no file of the shell is a 404 problem, never a 500 and never a file outside it:
in process and from the real server, which passes request targets on as the client wrote them."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.live import prepare, raw_request

LONG_NAME = "a" * 300 + ".js"  # longer than a file name may be (ENAMETOOLONG)
LONG_PATH = ("b" * 200 + "/") * 25 + "c.js"  # longer than a path may be (PATH_MAX)
BAD_PATHS = [
    "/js/%00", "/js/app.js%00", "/js/%00/app.js", "/css/app%00.css",
    f"/js/{LONG_NAME}", f"/i18n/{LONG_PATH}",
    "/js/%2e%2e/%2e%2e/pyproject.toml", "/js/..%2f..%2fbackend%2fconfig.py", "/icons/%2e%2e%2f%2e%2e%2fREADME.md",
    "/css/..%5c..%5cREADME.md", "/js//etc/passwd", "/js/%2Fetc%2Fpasswd", "/i18n/%2e%2e/manifest.webmanifest",
    "/icons/", "/js/console", "/js/console/", "/i18n/console/", "/css/missing.css", "/js/app.js/",
]
# Dot segments as written: HTTP clients (httpx too) remove them before sending, a real server does not.
RAW_ONLY = ["/js/../../backend/shell.py", "/js/../../pyproject.toml", "/i18n/../sw.js", "/css/./../../README.md"]


def assert_not_found(status: int, headers: dict[str, str], body: bytes, label: str) -> None:
    assert status == 404, f"{label}: {status} {body[:200]!r}"
    assert headers["content-type"] == "application/problem+json", label
    problem = json.loads(body)
    assert problem["status"] == 404 and problem["code"] == "not_found", label


@pytest.fixture(scope="module")
def app_client(app):
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("path", BAD_PATHS)
def test_a_bad_static_path_is_a_404_problem(app_client, path):
    response = app_client.get(path)
    assert_not_found(response.status_code, response.headers, response.content, path)
    assert app_client.head(path).status_code == 404


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    server = prepare(tmp_path_factory.mktemp("static-paths"), demo=False)
    server.start()
    yield server
    server.stop()


def test_the_real_server_answers_every_bad_static_path_with_a_404_problem(live_server):
    for path in BAD_PATHS + RAW_ONLY:
        status, headers, body = raw_request(live_server.url, "GET", path, {"Accept-Encoding": "identity"}, timeout=10)
        assert_not_found(status, headers, body, path)
    status, _, body = raw_request(live_server.url, "GET", "/js/app.js", {"Accept-Encoding": "identity"}, timeout=10)
    assert status == 200 and body, "the shell itself is still served"
