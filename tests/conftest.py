"""Shared fixtures: migrated databases (SQLite and PostgreSQL), per-test rollback, the app, logged-in users."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import pytest

# Settings are read from the environment: point them at a throwaway directory before any import.
_VAR_DIR = Path(tempfile.mkdtemp(prefix="fieldcheck-tests-"))
os.environ["FIELDCHECK_VAR_DIR"] = str(_VAR_DIR)
os.environ["FIELDCHECK_SECRET_KEY"] = "test-secret-key-not-for-production"
os.environ.pop("FIELDCHECK_DATABASE_URL", None)

from fastapi.routing import APIRoute  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlmodel import Session  # noqa: E402

from backend.auth.models import Role, User  # noqa: E402
from backend.auth.security import hash_password  # noqa: E402
from backend.auth.service import issue_token  # noqa: E402
from backend.config import get_settings  # noqa: E402
from backend.unit_of_work import get_session, unit_of_work  # noqa: E402
from tests.databases import drop_postgres_database, migrated  # noqa: E402

DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
PASSWORD = "correct-horse-battery-9"


@pytest.fixture(scope="session", params=DATABASES)
def engine(request, tmp_path_factory) -> Iterator[Engine]:
    """One migrated database per kind for the whole run."""
    url, engine = migrated(request.param, tmp_path_factory.mktemp("db"))
    yield engine
    engine.dispose()
    if request.param == "postgres":
        drop_postgres_database(url)


@contextmanager
def rolled_back(engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back at the end; commits become savepoints."""
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        transaction.rollback()
        connection.close()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test; commits become savepoints."""
    with rolled_back(engine) as session:
        yield session


@pytest.fixture(scope="session")
def app():
    from backend.main import create_app

    return create_app()


@contextmanager
def requests_on(app, session: Session) -> Iterator[None]:
    """Run the app's requests in the test's transaction, each as backend.unit_of_work.get_session's unit of work."""

    def test_session() -> Iterator[Session]:
        with unit_of_work(session):
            yield session

    app.dependency_overrides[get_session] = test_session
    try:
        yield
    finally:
        app.dependency_overrides.clear()


@pytest.fixture
def client(app, session: Session) -> Iterator[TestClient]:
    """The real app in process, its requests running in the test's transaction."""
    raise_errors = os.environ.get("FIELDCHECK_TEST_RAISE") == "1"
    with requests_on(app, session), TestClient(app, raise_server_exceptions=raise_errors) as test_client:
        yield test_client


@lru_cache
def _password_hash() -> str:
    # Argon2 is slow by design; hashing the shared test password once keeps the suite fast.
    return hash_password(PASSWORD)


class Users:
    """Makes users and gives them tokens; one instance per test. Login itself is tested in tests/auth."""

    def __init__(self, session: Session, client: TestClient) -> None:
        self.session = session
        self.client = client
        self._count = 0

    def make(self, role: Role, *, client_id: int | None = None, email: str | None = None) -> User:
        self._count += 1
        user = User(email=email or f"{role.value}{self._count}-{uuid.uuid4().hex[:6]}@example.org",
                    display_name=f"{role.value.title()} {self._count}", password_hash=_password_hash(),
                    role=role, client_id=client_id,
                    pseudonym=f"Tester {uuid.uuid4().hex[:8]}" if role == Role.tester else None)
        self.session.add(user)
        self.session.flush()
        return user

    def token(self, user: User) -> str:
        token, _ = issue_token(session=self.session, settings=get_settings(), user_id=user.id)
        return token

    def headers(self, role: Role, *, client_id: int | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(self.make(role, client_id=client_id))}"}


@pytest.fixture
def users(session: Session, client: TestClient) -> Users:
    return Users(session, client)


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", help="also run the long fault and load tests")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-slow"):
        return
    skip_slow = pytest.mark.skip(reason="slow: run with `make test-slow`")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip_slow)


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """The real server over HTTP with the seeded demo agency (SQLite); shared by end-to-end tests."""
    from tests.live import prepare

    server = prepare(tmp_path_factory.mktemp("demo-server"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def playwright():
    """One Playwright driver for the whole run: its sync API allows only one at a time."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it when run as root)")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright):
    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def api_routes(app) -> list[tuple[str, APIRoute]]:
    """Every APIRoute of the app with its full path. FastAPI keeps included routers whole (not flattened
    into app.routes), so a plain walk over app.routes sees none of the API."""

    def walk(routes, prefix: str):
        for route in routes:
            if isinstance(route, APIRoute):
                yield prefix + route.path, route
            elif hasattr(route, "original_router"):
                yield from walk(route.original_router.routes, prefix + route.include_context.prefix)

    found = list(walk(app.routes, ""))
    assert len(found) > 50, "the walk must reach the included routers"
    return found
