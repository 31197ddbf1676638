"""The database a command works on: reachable and at the schema the command needs, or one line on stderr
that says what is wrong and what to run (exit code 2). Never a traceback."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import NoReturn

import typer
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from backend.db import get_engine
from backend.migrate import current_revision, head_revision


class Needs(Enum):
    reachable = "reachable"
    """It may be empty: migrate and restore fill it (a new SQLite file is created)."""
    schema = "schema"
    """It exists with a fieldcheck schema of any revision: a backup is taken before upgrading, too."""
    current = "current"
    """It is at the newest migration: gc and reports read its tables as this version knows them."""


def fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def command_engine(needs: Needs) -> Engine:
    engine = get_engine()
    shown = engine.url.render_as_string(hide_password=True)
    sqlite_file = engine.url.database if engine.dialect.name == "sqlite" else None
    if needs is not Needs.reachable and sqlite_file and sqlite_file != ":memory:" and not Path(sqlite_file).exists():
        # Checked before connecting, which would create an empty file.
        fail(f"There is no database at {sqlite_file}; run `fieldcheck migrate` to create it "
             "(or set FIELDCHECK_DATABASE_URL).")
    try:
        revision = current_revision(engine)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else type(exc.orig).__name__
        fail(f"Cannot reach the database at {shown}: {reason}")
    if needs is Needs.reachable:
        return engine
    if revision is None:
        fail(f"The database at {shown} has no fieldcheck tables yet; run `fieldcheck migrate` first.")
    head = head_revision()
    if needs is Needs.current and revision != head:
        fail(f"The database at {shown} is at schema revision {revision}, this version needs {head}; "
             "run `fieldcheck migrate` first (back it up before, with `fieldcheck backup`).")
    return engine
