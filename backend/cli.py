"""The `fieldcheck` command line: serve, migrate, users, demo data, template checks, backups and gc."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from backend.auth.models import Role

app = typer.Typer(no_args_is_help=True, add_completion=False, help="fieldcheck: mystery shopping platform")


def _register_subcommands() -> None:
    from backend.reports.commands import app as reports

    app.add_typer(reports, name="report")


_register_subcommands()


@app.command()
def migrate() -> None:
    """Bring the database schema to the newest migration."""
    from backend.cli_database import Needs, command_engine
    from backend.migrate import current_revision, upgrade

    engine = command_engine(Needs.reachable)
    upgrade(engine)
    typer.echo(f"database at revision {current_revision(engine)}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    workers: Annotated[int, typer.Option(help="worker processes")] = 1,
) -> None:
    """Apply migrations, then serve the API and the PWA."""
    import uvicorn

    migrate()
    typer.echo(f"fieldcheck on http://{host}:{port}/  (API docs: http://{host}:{port}/docs)")
    uvicorn.run("backend.main:app", host=host, port=port, workers=workers, proxy_headers=True,
                log_level="info", access_log=False)


@app.command("create-user")
def create_user(
    email: Annotated[str, typer.Option(help="login e-mail")],
    password: Annotated[str, typer.Option(help="at least 10 characters, not a common one")],
    role: Annotated[Role, typer.Option(help="admin, reviewer, tester or client")],
    client: Annotated[Optional[int], typer.Option("--client", help="client id, for the client role")] = None,
    name: Annotated[Optional[str], typer.Option(help="display name")] = None,
) -> None:
    """Migrate the database, then create a user (for example the first admin)."""
    from backend.users.service import create_user as create
    from backend.db import get_engine, session_scope
    from backend.errors import AppError

    migrate()  # the first admin is made on a new database: it needs the tables, as serve does
    try:
        with session_scope(get_engine()) as session:
            user = create(session=session, email=email, display_name=name or email.split("@")[0],
                          password=password, role=role, client_id=client)
            typer.echo(f"created user {user.id} <{user.email}> as {Role(user.role).value}")
    except AppError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(2) from exc


@app.command()
def demo() -> None:
    """Seed a realistic demo agency on first start and print the demo logins."""
    from backend.db import get_engine
    from backend.demo import seed_demo

    migrate()
    seed_demo(get_engine(), echo=typer.echo)


@app.command()
def check(files: Annotated[list[Path], typer.Argument(help="checklist template files (YAML or JSON)")]) -> None:
    """Validate checklist templates; print every problem with file and line; exit 1 on any."""
    from backend.checklists.check import check_files

    code, lines = check_files(files)
    for line in lines:
        typer.echo(line)
    raise typer.Exit(code)


def _storage():
    from backend.media.service import get_storage

    return get_storage()


@app.command()
def backup(path: Annotated[Path, typer.Argument(help="the archive to write (.tar.gz); must not exist")]) -> None:
    """Write one archive with a consistent database copy, the media files and a manifest; safe while serving."""
    from backend.cli_database import Needs, command_engine
    from backend.maintenance.backup import BackupError, create_backup
    from backend.maintenance.postgres import PostgresToolError

    engine = command_engine(Needs.schema)
    try:
        manifest = create_backup(engine=engine, storage=_storage(), destination=path)
    except (BackupError, PostgresToolError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    counts = manifest.counts
    typer.echo(f"backup written to {path}: schema {manifest.document['database']['schema_revision']}, "
               f"{counts.get('evaluations', 0)} evaluations, {counts.get('photos', 0)} photos, "
               f"{len(manifest.media)} files")
    if manifest.missing_media:
        typer.echo(f"warning: {len(manifest.missing_media)} photo file(s) were removed while the backup ran",
                   err=True)


@app.command()
def restore(
    path: Annotated[Path, typer.Argument(help="an archive written by `fieldcheck backup`")],
    force: Annotated[bool, typer.Option("--force", help="replace a database and media that are not empty")] = False,
) -> None:
    """Restore an archive into an empty database and media directory, checking every checksum and count."""
    from backend.cli_database import Needs, command_engine
    from backend.maintenance.backup import BackupError, restore_backup
    from backend.maintenance.postgres import PostgresToolError
    from backend.migrate import head_revision

    engine = command_engine(Needs.reachable)
    try:
        manifest = restore_backup(engine=engine, storage=_storage(), source=path, force=force)
    except (BackupError, PostgresToolError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    revision = manifest.document["database"]["schema_revision"]
    typer.echo(f"restored {path}: schema {revision}, {manifest.counts.get('evaluations', 0)} evaluations, "
               f"{len(manifest.media)} files; checksums and row counts match the manifest")
    if revision != head_revision():
        typer.echo("the schema is older than this version: run `fieldcheck migrate` (serve does it too)")


@app.command()
def gc(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="only list what would be removed")] = False,
    grace_minutes: Annotated[int, typer.Option(
        min=0, help="keep files without a photo row younger than this: an upload writes its files before its row"
    )] = 60,
) -> None:
    """Remove media files without a photo row, and photos no submission claimed within the retention period."""
    from datetime import timedelta

    from backend.cli_database import Needs, command_engine
    from backend.config import get_settings
    from backend.maintenance.gc import collect_garbage
    from backend.timeutil import utcnow

    settings = get_settings()
    # Never on an empty database: every media file would look orphaned.
    engine = command_engine(Needs.current)
    report = collect_garbage(engine=engine, storage=_storage(), retention_days=settings.photo_retention_days,
                             now=utcnow(), grace=timedelta(minutes=grace_minutes), dry_run=dry_run)
    verb = "would remove" if dry_run else "removed"
    for photo_id in report.expired_photos:
        typer.echo(f"{verb} unclaimed photo {photo_id} (older than {settings.photo_retention_days} days)")
    for key in report.orphaned_files:
        typer.echo(f"{verb} file without a photo: {key}")
    typer.echo(f"{verb} {len(report.expired_photos)} unclaimed photo(s), "
               f"{len(report.expired_files) + len(report.orphaned_files)} file(s)")


if __name__ == "__main__":
    app()
