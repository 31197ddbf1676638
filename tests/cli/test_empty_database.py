"""The command line on a database that is empty, missing or behind: create-user migrates first, as serve
does; every other command says in one line what is wrong and what to run. Never a traceback."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from backend.auth.models import Role, User
from backend.db import make_engine
from backend.migrate import alembic_config, current_revision, head_revision, upgrade
from tests.databases import create_postgres_database, drop_postgres_database, postgres_available, \
    skip_or_fail_without_postgres
from tests.live import cli

KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
# Every command that reads the tables, with the arguments it needs.
READERS = [
    ("gc", "--dry-run"),
    ("report", "project", "1", "--output", "{tmp}/project.pdf"),  # `report evaluation` shares its check
    ("backup", "{tmp}/backup.tar.gz"),
]


@pytest.fixture(params=KINDS)
def empty(request, tmp_path) -> Iterator[tuple[str, dict[str, str]]]:
    """An empty database of each kind (a SQLite file that was never migrated) and the CLI's environment."""
    env = {**os.environ, "FIELDCHECK_VAR_DIR": str(tmp_path / "var")}
    env.pop("FIELDCHECK_DATABASE_URL", None)
    if request.param == "postgres":
        if not postgres_available():
            skip_or_fail_without_postgres()
        url, engine = create_postgres_database()
        env["FIELDCHECK_DATABASE_URL"] = url
    else:
        url = f"sqlite:///{(tmp_path / 'var' / 'fieldcheck.db').as_posix()}"
        engine = make_engine(url)
        with engine.connect():
            pass  # the file exists, with no table in it
    engine.dispose()
    yield url, env
    if request.param == "postgres":
        drop_postgres_database(url)


def tables(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        return inspect(engine).get_table_names()
    finally:
        engine.dispose()


def assert_one_line_error(result, *expected: str) -> None:
    label = f"{result.args[3:]}: exit {result.returncode}, stderr {result.stderr!r}"
    assert result.returncode == 2, label
    assert "Traceback" not in result.stderr and "sqlalchemy" not in result.stderr.lower(), label
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), label
    for text in expected:
        assert text in lines[0], label


def test_create_user_on_an_empty_database_migrates_first(empty):
    url, env = empty
    result = cli(env, "create-user", "--email", "First.Admin@example.org", "--password", "a-long-first-secret-7",
                 "--role", "admin")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "created user" in result.stdout and "<first.admin@example.org> as admin" in result.stdout
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            user = session.exec(select(User).where(User.email == "first.admin@example.org")).one()
            assert user.role == Role.admin
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
    again = cli(env, "create-user", "--email", "first.admin@example.org", "--password", "a-long-first-secret-7",
                "--role", "admin")
    assert_one_line_error(again, "already exists")


@pytest.mark.parametrize("command", READERS, ids=lambda c: " ".join(c[:2]))
def test_a_reading_command_on_an_empty_database_says_to_migrate(empty, command, tmp_path):
    url, env = empty
    result = cli(env, *(part.format(tmp=tmp_path) for part in command))
    assert_one_line_error(result, "no fieldcheck tables", "fieldcheck migrate")
    assert tables(url) == [], "a reading command must not migrate (gc would then see every file as orphaned)"
    assert not (tmp_path / "backup.tar.gz").exists()


@pytest.mark.parametrize("command", READERS, ids=lambda c: " ".join(c[:2]))
def test_a_reading_command_without_a_sqlite_file_says_to_migrate_and_creates_none(command, tmp_path):
    env = {**os.environ, "FIELDCHECK_VAR_DIR": str(tmp_path / "var")}
    env.pop("FIELDCHECK_DATABASE_URL", None)
    result = cli(env, *(part.format(tmp=tmp_path) for part in command))
    assert_one_line_error(result, "There is no database at", "fieldcheck migrate")
    assert not (tmp_path / "var" / "fieldcheck.db").exists()


@pytest.mark.postgres
@pytest.mark.parametrize("command", [("migrate",), ("create-user", "--email", "a@example.org", "--password",
                                      "a-long-first-secret-7", "--role", "admin"), *READERS],
                         ids=lambda c: " ".join(c[:2]))
def test_every_command_on_a_missing_postgres_database_says_so_in_one_line(command, tmp_path):
    if not postgres_available():
        skip_or_fail_without_postgres()
    url, engine = create_postgres_database()
    engine.dispose()
    drop_postgres_database(url)
    env = {**os.environ, "FIELDCHECK_VAR_DIR": str(tmp_path / "var"), "FIELDCHECK_DATABASE_URL": url}
    result = cli(env, *(part.format(tmp=tmp_path) for part in command))
    assert_one_line_error(result, "Cannot reach the database", make_url(url).database)


def test_gc_and_reports_refuse_an_older_schema_and_backup_takes_it(empty, tmp_path):
    url, env = empty
    previous = ScriptDirectory.from_config(alembic_config()).get_revision(head_revision()).down_revision
    engine = make_engine(url)
    try:
        upgrade(engine, previous)
    finally:
        engine.dispose()
    for command in READERS[:2]:
        result = cli(env, *(part.format(tmp=tmp_path) for part in command))
        assert_one_line_error(result, f"schema revision {previous}", "fieldcheck migrate")
    backup = cli(env, "backup", str(tmp_path / "backup.tar.gz"))
    assert backup.returncode == 0, backup.stderr
    assert f"schema {previous}" in backup.stdout and Path(tmp_path / "backup.tar.gz").exists()
