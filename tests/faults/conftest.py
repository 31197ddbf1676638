"""A fresh migrated database per test (SQLite or PostgreSQL) for maintenance code that commits for real."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from sqlmodel import Session

from backend.auth.models import Role, User
from backend.media.storage import FileSystemStorage
from tests.factories import project_with_assignment
from tests.conftest import DATABASES
from tests.databases import create_postgres_database, drop_postgres_database, migrated, postgres_available, \
    skip_or_fail_without_postgres


@dataclass
class Fresh:
    """A migrated database of its own and an empty media directory."""

    kind: str
    url: str
    engine: Engine
    storage: FileSystemStorage
    media_dir: Path


@pytest.fixture(params=DATABASES)
def fresh(request, tmp_path) -> Iterator[Fresh]:
    url, engine = migrated(request.param, tmp_path)
    media_dir = tmp_path / "media"
    yield Fresh(request.param, url, engine, FileSystemStorage(media_dir), media_dir)
    engine.dispose()
    if request.param == "postgres":
        drop_postgres_database(url)


@pytest.fixture
def assignment(fresh) -> dict:
    """An admin, a tester and the tester's assignment of the mini checklist, committed."""
    with Session(fresh.engine, expire_on_commit=False) as session:
        admin = User(email="admin@gc.example.org", display_name="A", password_hash="x", role=Role.admin)
        tester = User(email="tester@gc.example.org", display_name="T", password_hash="x", role=Role.tester,
                      pseudonym="Tester 1")
        session.add_all([admin, tester])
        session.flush()
        setup = project_with_assignment(session, admin=admin, tester=tester)
        session.commit()
    return {"assignment_id": setup["assignment"].id, "tester_id": tester.id}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request):
    """For a live server: None for its own SQLite file, or the URL of an empty PostgreSQL database."""
    if request.param == "sqlite":
        yield None
        return
    if not postgres_available():
        skip_or_fail_without_postgres()
    url, engine = create_postgres_database()
    engine.dispose()
    yield url
    drop_postgres_database(url)
