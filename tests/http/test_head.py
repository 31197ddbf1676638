"""HEAD answers what GET answers, without the body, on every GET route; it writes nothing and takes no
write lock; the OpenAPI document has no HEAD twins."""

from __future__ import annotations

import sqlite3
import time

import httpx
import pytest
from sqlalchemy import select

from backend.auth.models import Role
from backend.models import metadata
from tests.conftest import api_routes
from tests.faults.field import database_url_of, field_server
from tests.live import raw_request
from tests.security.test_isolation import concrete, world  # noqa: F401 - world is a fixture

# One real file per static folder of the shell (backend.shell.STATIC_DIRS).
STATIC_FILES = {"js": "app.js", "css": "app.css", "icons": "icon-192.png", "i18n": "de.json"}
# FastAPI's own pages are plain Starlette routes, outside the APIRoute walk.
DOCS_URLS = ("/docs", "/docs/oauth2-redirect", "/docs/assets/swagger-ui.css", "/openapi.json")
CALLERS = ("admin", "client_a", "tester_a", None)
# The probe reads the configured database, which the test client's requests bypass: unmigrated, so 503.
UNMIGRATED = "/readyz"


def get_urls(app, world) -> list[str]:
    urls = list(DOCS_URLS)
    for path, route in api_routes(app):
        if "GET" not in route.methods:
            continue
        if path.endswith("{path:path}"):
            folder = path.strip("/").split("/")[0]
            urls.append(path.replace("{path:path}", STATIC_FILES[folder]))
        else:
            urls.append(concrete(path, world))
    return urls


def database_rows(session) -> dict[str, list]:
    return {table.name: sorted(map(repr, session.execute(select(table)).all())) for table in metadata.sorted_tables}


def test_head_answers_like_get_on_every_get_route(app, client, world, session):
    urls = get_urls(app, world)
    assert "/api/v1/me" in urls and "/js/app.js" in urls and "/healthz" in urls
    seen_ok = set()
    for caller in CALLERS:
        headers = world["headers"][caller] if caller else {}
        for url in urls:
            client.get(url, headers=headers)  # fills caches (a rendered PDF) that the next GET would find
            before = database_rows(session)
            head = client.head(url, headers=headers)
            assert database_rows(session) == before, f"HEAD {url} as {caller} wrote to the database"
            get = client.get(url, headers=headers)
            label = f"HEAD {url} as {caller}"
            assert head.status_code == get.status_code, f"{label}: {head.status_code}, GET {get.status_code}"
            assert dict(head.headers) == dict(get.headers), label
            assert head.content == b"", label
            assert get.status_code < 500 or url == UNMIGRATED, label
            if get.status_code == 200:
                seen_ok.add(url)
    # A walk in which everything is 401 or 404 would prove little: most routes answer someone 200.
    missing = set(urls) - seen_ok - {UNMIGRATED}
    assert not missing, f"no caller got 200 from {sorted(missing)}"


def test_a_conditional_head_is_answered_304_like_get(client):
    etag = client.get("/js/app.js").headers["etag"]
    head = client.head("/js/app.js", headers={"If-None-Match": etag})
    assert head.status_code == 304 and head.headers["etag"] == etag and head.content == b""


def test_head_is_no_operation_of_its_own_in_the_openapi_document(app):
    document = app.openapi()
    methods = {method for item in document["paths"].values() for method in item}
    assert "head" not in methods
    operation_ids = [op["operationId"] for item in document["paths"].values() for op in item.values()]
    assert len(operation_ids) == len(set(operation_ids))


def test_a_405_names_head_wherever_it_names_get(client, users):
    response = client.put("/api/v1/me", headers=users.headers(Role.tester))
    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD"}
    assert client.head("/api/v1/auth/login").status_code == 405, "HEAD is GET: no HEAD where there is no GET"


@pytest.fixture(scope="module")
def live_sqlite(tmp_path_factory):
    with field_server(tmp_path_factory.mktemp("head") / "var", testers=1) as (live, field):
        yield live, field


def test_a_live_head_takes_no_write_lock_and_sends_no_body(live_sqlite):
    live, field = live_sqlite
    urls = ["/healthz", "/readyz", "/", "/sw.js", "/manifest.webmanifest", "/js/app.js", "/icons/icon-192.png",
            "/docs", "/openapi.json", "/api/v1/me", "/api/v1/evaluations", f"/api/v1/projects/{field.project_id}",
            f"/api/v1/projects/{field.project_id}/scores", f"/api/v1/projects/{field.project_id}/export.csv"]
    requests = [(url, {"Authorization": f"Bearer {field.admin_token}", "Accept-Encoding": encoding})
                for url in urls for encoding in ("identity", "gzip")]
    expected = [raw_request(live.url, "GET", url, headers, timeout=30) for url, headers in requests]
    # Another process holds SQLite's write lock: anything that wanted to write would wait for it.
    holder = sqlite3.connect(database_url_of(live).removeprefix("sqlite:///"), isolation_level=None, timeout=1)
    holder.execute("BEGIN IMMEDIATE")
    try:
        for (url, headers), (get_status, get_headers, get_body) in zip(requests, expected):
            label = f"HEAD {url} ({headers['Accept-Encoding']})"
            started = time.monotonic()
            status, head_headers, body = raw_request(live.url, "HEAD", url, headers, timeout=5)
            assert time.monotonic() - started < 5, label
            assert status == get_status == 200, label
            assert body == b"", label
            # Framing differs, nothing else: a HEAD has no body to send in chunks.
            for framing in ("date", "transfer-encoding"):
                head_headers.pop(framing, None), get_headers.pop(framing, None)
            assert head_headers == get_headers, label
            if "content-length" in head_headers:  # streamed answers (the CSV) are chunked, also for GET
                assert int(head_headers["content-length"]) == len(get_body), label
        lengths = [h.get("content-length") for (_, h, _) in expected]
        assert sum(length is not None for length in lengths) >= len(urls) - 1, "identity answers carry lengths"
        # The lock is real: a login writes (a token), so it waits while the lock is held.
        with pytest.raises(httpx.TimeoutException):
            httpx.post(f"{live.url}/api/v1/auth/login", timeout=2,
                       json={"email": "admin1@field.example.org", "password": "correct-horse-battery-9"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
