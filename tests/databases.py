"""Test databases: a fresh SQLite file and a fresh PostgreSQL database, both built by the migrations."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from backend.db import make_engine
from backend.migrate import upgrade

POSTGRES_ADMIN_URL = os.environ.get(
    "FIELDCHECK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def postgres_available() -> bool:
    try:
        engine = create_engine(POSTGRES_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


def skip_or_fail_without_postgres() -> None:
    message = f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}"
    if IN_CI:
        pytest.fail(f"{message}: CI must run every database test on PostgreSQL too")
    pytest.skip(f"{message}; set FIELDCHECK_TEST_POSTGRES_URL to run the PostgreSQL variants")


def create_postgres_database() -> tuple[str, Engine]:
    """A new empty database, so parallel test runs never share tables."""
    name = f"fieldcheck_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    return url, make_engine(url)


def drop_postgres_database(url: str) -> None:
    name = make_url(url).database
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def create_sqlite_database(directory: Path) -> tuple[str, Engine]:
    url = f"sqlite:///{(directory / f'test-{uuid.uuid4().hex[:8]}.db').as_posix()}"
    return url, make_engine(url)


def migrated(kind: str, directory: Path) -> tuple[str, Engine]:
    """A fresh database of the given kind, built by running every migration."""
    if kind == "postgres":
        if not postgres_available():
            skip_or_fail_without_postgres()
        url, engine = create_postgres_database()
    else:
        url, engine = create_sqlite_database(directory)
    upgrade(engine)
    return url, engine
