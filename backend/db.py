"""Engine and session: SQLite (WAL, foreign keys, busy timeout) or PostgreSQL through psycopg 3."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, create_engine, select

from backend.config import get_settings
from backend.errors import DatabaseBusy


def _normalise_url(url: str) -> str:
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


# Longest a transaction waits for SQLite's one writer before the request is answered 503 (retry later).
SQLITE_WRITER_WAIT_SECONDS = 30
_HOLDS_WRITER = "fieldcheck.holds_writer"
T = TypeVar("T")


_may_write: ContextVar[bool] = ContextVar("fieldcheck_may_write", default=True)


@contextmanager
def reading_only() -> Iterator[None]:
    """Transactions begun in here only read: on SQLite they neither take nor wait for the write lock."""
    token = _may_write.set(False)
    try:
        yield
    finally:
        _may_write.reset(token)


def make_engine(url: str, *, pool_size: int = 10, max_overflow: int = 30) -> Engine:
    """Create an engine with the connection settings fieldcheck relies on."""
    url = _normalise_url(url)
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               pool_size=pool_size, max_overflow=max_overflow)
        # One writer at a time per process, queued here: SQLite's own busy handler polls with growing sleeps,
        # so under many concurrent writers some wait past any timeout while the lock sits idle between polls.
        writer = threading.Lock()

        def release_writer(info: dict) -> None:
            if info.pop(_HOLDS_WRITER, False):
                writer.release()

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()
            # pysqlite's own transaction handling is switched off so that "begin" below decides.
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection) -> None:
            if not _may_write.get():
                connection.exec_driver_sql("BEGIN")  # WAL readers never wait for a writer
                return
            # Take the write lock at BEGIN so that a read transaction never fails with "database is locked"
            # when it upgrades to a write; other processes (CLI, backups) still queue on busy_timeout.
            if not writer.acquire(timeout=SQLITE_WRITER_WAIT_SECONDS):
                raise DatabaseBusy(f"no write slot within {SQLITE_WRITER_WAIT_SECONDS} s")
            connection.info[_HOLDS_WRITER] = True
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            except BaseException:
                release_writer(connection.info)
                raise

        # Released as the transaction ends (the COMMIT itself follows at once; a writer arriving in that
        # instant waits on busy_timeout for it), or as a connection goes back to the pool without an end.
        @event.listens_for(engine, "commit")
        @event.listens_for(engine, "rollback")
        def _sqlite_end(connection) -> None:
            release_writer(connection.info)

        @event.listens_for(engine, "checkin")
        def _sqlite_checkin(_dbapi_connection, record) -> None:
            if record is not None:
                release_writer(record.info)

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=max_overflow)


def insert_or_winner(session: Session, row: T, key: Any) -> T | None:
    """Insert a row under a savepoint. If a concurrent twin of the request (a retry racing its original)
    inserted the same key first, roll back to the savepoint and return the twin's row; else None."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        winner = session.get(type(row), key, populate_existing=True)
        if winner is None:
            raise
        return winner
    return None


def rows_by_id(session: Session, model, ids: Iterable[int | None]) -> dict:
    """The rows of a table with these ids (None and repeats ignored), by id: one query for a page of rows."""
    wanted = {i for i in ids if i is not None}
    return {row.id: row for row in session.exec(select(model).where(model.id.in_(wanted)))} if wanted else {}


@lru_cache
def get_engine() -> Engine:
    settings = get_settings()
    return make_engine(settings.database_url, pool_size=settings.db_pool_size, max_overflow=settings.db_max_overflow)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A unit of work: commits on success, rolls back on any error."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
