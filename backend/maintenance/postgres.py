"""pg_dump and pg_restore for backups: the client tools, given the URL without its password."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL


class PostgresToolError(Exception):
    """pg_dump or pg_restore is missing or failed."""


def dump(url: URL, target: Path, *, snapshot: str | None = None) -> None:
    """Write the database in pg_dump's custom format, from an exported snapshot when one is given."""
    command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"]
    if snapshot:
        command.append(f"--snapshot={snapshot}")
    _run(command, url)


def restore(url: URL, dump_file: Path) -> None:
    """Load a custom-format dump into the (empty) database in one transaction."""
    _run([_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
          str(dump_file)], url)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise PostgresToolError(
            f"{name} is not on PATH: install the PostgreSQL client tools (Debian: apt-get install postgresql-client) "
            "in the version of the server or newer.")
    return path


def _run(command: list[str], url: URL) -> None:
    # The password goes through the environment, not the command line that `ps` shows.
    environment = {**os.environ, "PGPASSWORD": url.password or os.environ.get("PGPASSWORD", "")}
    if not environment["PGPASSWORD"]:
        del environment["PGPASSWORD"]
    libpq_url = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    result = subprocess.run([*command, f"--dbname={libpq_url}"], env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise PostgresToolError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")
