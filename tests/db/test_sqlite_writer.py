"""SQLite's one writer per process: writers queue in order, readers never wait, a stuck writer means 503."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from backend import db
from backend.db import make_engine, reading_only
from backend.errors import DatabaseBusy


@pytest.fixture
def sqlite_engine(tmp_path):
    engine = make_engine(f"sqlite:///{(tmp_path / 'writer.db').as_posix()}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE counter (n INTEGER)"))
        connection.execute(text("INSERT INTO counter VALUES (0)"))
    yield engine
    engine.dispose()


def test_concurrent_writers_queue_and_lose_no_increment(sqlite_engine):
    """Read-then-write transactions at once: without the queue some fail with 'database is locked'."""
    errors: list[BaseException] = []

    def increment() -> None:
        try:
            with sqlite_engine.begin() as connection:
                value = connection.execute(text("SELECT n FROM counter")).scalar_one()
                time.sleep(0.002)
                connection.execute(text("UPDATE counter SET n = :n"), {"n": value + 1})
        except BaseException as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=increment) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with sqlite_engine.connect() as connection:
        assert connection.execute(text("SELECT n FROM counter")).scalar_one() == 40


def test_a_reading_transaction_does_not_wait_for_the_writer(sqlite_engine):
    writing = sqlite_engine.connect()
    writing.begin()
    writing.execute(text("UPDATE counter SET n = 7"))
    try:
        started = time.monotonic()
        with reading_only(), sqlite_engine.connect() as reader:
            assert reader.execute(text("SELECT n FROM counter")).scalar_one() == 0, "the last committed value"
        assert time.monotonic() - started < 5
    finally:
        writing.rollback()
        writing.close()


def test_a_writer_waiting_too_long_gets_database_busy(sqlite_engine, monkeypatch):
    monkeypatch.setattr(db, "SQLITE_WRITER_WAIT_SECONDS", 0.2)
    holder = sqlite_engine.connect()
    holder.begin()
    try:
        with pytest.raises(DatabaseBusy), sqlite_engine.connect() as waiting:
            waiting.execute(text("SELECT 1"))
    finally:
        holder.rollback()
        holder.close()
    with sqlite_engine.begin() as connection:  # the slot is free again once the holder ends
        connection.execute(text("UPDATE counter SET n = 1"))


def test_a_busy_database_is_answered_503_with_retry_after():
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from backend.errors import install_error_handlers

    app = FastAPI()
    install_error_handlers(app)

    @app.get("/busy")
    def busy() -> None:
        raise DatabaseBusy("no write slot")

    response = TestClient(app).get("/busy")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1" and response.json()["code"] == "database_busy"


def test_every_api_route_commits_in_its_own_thread(app):
    """A router without UnitOfWorkRoute would bring back the deadlock the 50-tester test found."""
    from backend.unit_of_work import UnitOfWorkRoute
    from tests.conftest import api_routes

    plain = [path for path, route in api_routes(app)
             if path.startswith("/api/") and not isinstance(route, UnitOfWorkRoute)]
    assert plain == []
