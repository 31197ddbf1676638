"""One-file backups (tar.gz: a consistent database copy, the media files, a manifest) and their restore."""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import tarfile
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine, make_url

from backend.db import make_engine
from backend.maintenance import postgres
from backend.media.storage import ObjectNotFound, Storage, make_photo_keys, validate_key
from backend.migrate import alembic_config
from backend.timeutil import utcnow

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_FOLDER = "media/"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
_CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go on, with a sentence for the operator."""


@dataclass(frozen=True)
class Manifest:
    """What an archive holds: the database copy, the schema revision, row counts and every file's checksum."""

    document: dict[str, Any]

    @property
    def counts(self) -> dict[str, int]:
        return self.document["database"]["counts"]

    @property
    def media(self) -> dict[str, dict[str, Any]]:
        return self.document["media"]

    @property
    def missing_media(self) -> list[str]:
        return self.document["missing_media"]


def create_backup(*, engine: Engine, storage: Storage, destination: Path) -> Manifest:
    """Write one archive: the database first, then the media (uploads write files before rows)."""
    destination = Path(destination)
    if destination.exists():
        raise BackupError(f"{destination} exists; choose a new file name.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(f".{destination.name}.part")
    with tempfile.TemporaryDirectory(prefix="fieldcheck-backup-") as scratch:
        database = _copy_database(engine, Path(scratch))
        try:
            with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
                archive.add(database.path, arcname=database.member)
                media, missing = _add_media(archive, storage, photo_ids=database.photo_ids)
                document = {
                    "format": FORMAT,
                    "created_at": utcnow().isoformat(),
                    "database": {"kind": database.kind, "member": database.member, "sha256": database.sha256,
                                 "schema_revision": database.revision, "counts": database.counts},
                    "media": media,
                    "missing_media": missing,
                }
                _add_bytes(archive, MANIFEST, json.dumps(document, indent=2, sort_keys=True).encode())
            partial.replace(destination)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return Manifest(document)


def read_manifest(source: Path) -> Manifest:
    """The manifest of an archive, checked for a format this code reads."""
    try:
        with tarfile.open(source, "r:gz") as archive:
            document = json.loads(_member_bytes(archive, MANIFEST))
    except (OSError, tarfile.TarError, ValueError) as exc:
        raise BackupError(f"{source} is not a readable fieldcheck backup: {exc}") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        found = document.get("format") if isinstance(document, dict) else None
        raise BackupError(f"The archive has format {found}; this version reads format {FORMAT}.")
    for key in document.get("media", {}):
        try:
            validate_key(key)
        except ValueError as exc:
            raise BackupError(f"The manifest lists {key!r}, which is no media file name: the archive is not safe "
                              "to restore.") from exc
    return Manifest(document)


def restore_backup(*, engine: Engine, storage: Storage, source: Path, force: bool = False) -> Manifest:
    """Restore an archive into an empty database and media store (or over them with force), then verify it."""
    manifest = read_manifest(source)
    database = manifest.document["database"]
    if database["kind"] != engine.dialect.name:
        raise BackupError(f"The archive holds a {database['kind']} database; the target is {engine.dialect.name}.")
    revision = database["schema_revision"]
    if revision is not None and revision not in _known_revisions():
        raise BackupError(f"The archive's schema revision {revision} is unknown to this version; upgrade first.")
    if not force:
        _refuse_non_empty(engine, storage)
    with tarfile.open(source, "r:gz") as archive, tempfile.TemporaryDirectory(prefix="fieldcheck-restore-") as scratch:
        # Every checksum is checked before anything is written, so a damaged archive changes nothing.
        dump = Path(scratch) / database["member"]
        _extract_checked(archive, database["member"], dump, database["sha256"])
        for key, entry in manifest.media.items():
            _extract_checked(archive, MEDIA_FOLDER + key, Path(scratch, "media", key), entry["sha256"])
        if force:
            for key in list(storage.keys()):
                storage.delete(key)
        _restore_database(engine, dump, kind=database["kind"], force=force)
        for key in manifest.media:
            storage.put(key, Path(scratch, "media", key).read_bytes())
    _verify_counts(engine, manifest)
    return manifest


@dataclass(frozen=True)
class _DatabaseCopy:
    kind: str
    member: str
    path: Path
    sha256: str
    revision: str | None
    counts: dict[str, int]
    photo_ids: list[str]


def _copy_database(engine: Engine, scratch: Path) -> _DatabaseCopy:
    if engine.dialect.name == "sqlite":
        return _copy_sqlite(engine, scratch / SQLITE_MEMBER)
    if engine.dialect.name == "postgresql":
        return _copy_postgres(engine, scratch / POSTGRES_MEMBER)
    raise BackupError(f"Backups of {engine.dialect.name} databases are not supported.")


def _copy_sqlite(engine: Engine, target: Path) -> _DatabaseCopy:
    """SQLite's online backup API: a consistent copy while the server goes on writing."""
    source_path = _sqlite_path(engine)
    if not source_path.exists():
        raise BackupError(f"There is no database at {source_path}.")
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        # One step (pages=-1) copies every page under one read transaction; WAL writers go on meanwhile.
        source.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file in the archive
        copy.commit()
    finally:
        source.close()
        copy.close()
    copy_engine = make_engine(f"sqlite:///{target.as_posix()}")
    try:
        with copy_engine.connect() as connection:
            revision, counts, photo_ids = _describe(connection)
    finally:
        copy_engine.dispose()
    return _DatabaseCopy("sqlite", SQLITE_MEMBER, target, _file_sha256(target), revision, counts, photo_ids)


def _copy_postgres(engine: Engine, target: Path) -> _DatabaseCopy:
    """pg_dump of an exported snapshot; the counts and photo list are read in that same snapshot."""
    with engine.connect().execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True) as connection:
        snapshot = connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
        revision, counts, photo_ids = _describe(connection)
        # The snapshot lives as long as this transaction: pg_dump runs inside it.
        postgres.dump(engine.url, target, snapshot=snapshot)
        connection.rollback()
    return _DatabaseCopy("postgresql", POSTGRES_MEMBER, target, _file_sha256(target), revision, counts, photo_ids)


def _describe(connection: Connection) -> tuple[str | None, dict[str, int], list[str]]:
    tables = sorted(inspect(connection).get_table_names())
    counts = {table: connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one() for table in tables}
    revision = None
    if "alembic_version" in tables:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    photo_ids = []
    if "photos" in tables:
        photo_ids = [str(row[0]) for row in connection.execute(text("SELECT id FROM photos"))]
    return revision, counts, photo_ids


def _add_media(archive: tarfile.TarFile, storage: Storage, *, photo_ids: list[str]) -> tuple[dict, list[str]]:
    """Every stored file with its checksum, and the files of photo rows that were gone (gc ran meanwhile)."""
    media: dict[str, dict[str, Any]] = {}
    for key in sorted(storage.keys()):
        try:
            with storage.open(key) as stream:
                data = stream.read()
        except ObjectNotFound:  # removed since it was listed
            continue
        _add_bytes(archive, MEDIA_FOLDER + key, data)
        media[key] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    missing = []
    for photo_id in photo_ids:
        keys = make_photo_keys(uuid.UUID(photo_id))
        missing.extend(key for key in (keys.original, keys.display, keys.thumbnail) if key not in media)
    return media, missing


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(utcnow().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def _member_bytes(archive: tarfile.TarFile, name: str) -> bytes:
    try:
        member = archive.getmember(name)
    except KeyError:
        raise BackupError(f"The archive has no {name}; it is not a fieldcheck backup.") from None
    stream = archive.extractfile(member) if member.isfile() else None
    if stream is None:
        raise BackupError(f"{name} in the archive is not a file.")
    return stream.read()


def _extract_checked(archive: tarfile.TarFile, name: str, target: Path, sha256: str) -> None:
    """Copy one member out by name (never by a path the archive chooses) and check its checksum."""
    try:
        member = archive.getmember(name)
    except KeyError:
        raise BackupError(f"The archive lacks {name}, which its manifest lists.") from None
    stream = archive.extractfile(member) if member.isfile() else None
    if stream is None:
        raise BackupError(f"{name} in the archive is not a file.")
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with target.open("wb") as file:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            file.write(chunk)
    if digest.hexdigest() != sha256:
        raise BackupError(f"{name} does not match the checksum in the manifest: the archive is damaged.")


def _refuse_non_empty(engine: Engine, storage: Storage) -> None:
    tables = _tables(engine)
    if tables:
        raise BackupError(f"The target database is not empty ({len(tables)} tables); restore with --force to "
                          "replace it.")
    if next(iter(storage.keys()), None) is not None:
        raise BackupError("The target media directory is not empty; restore with --force to replace it.")


def _tables(engine: Engine) -> list[str]:
    if engine.dialect.name == "sqlite" and not _sqlite_path(engine).exists():
        return []
    with engine.connect() as connection:
        return inspect(connection).get_table_names()


def _restore_database(engine: Engine, dump: Path, *, kind: str, force: bool) -> None:
    if kind == "sqlite":
        target = _sqlite_path(engine)
        engine.dispose()
        target.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        # A copy through the backup API, not a file copy: the file is written whole and synced.
        source, copy = sqlite3.connect(dump), sqlite3.connect(target)
        try:
            source.backup(copy, pages=-1)
        finally:
            source.close()
            copy.close()
        return
    if force:
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    postgres.restore(engine.url, dump)


def _verify_counts(engine: Engine, manifest: Manifest) -> None:
    with engine.connect() as connection:
        revision, counts, _ = _describe(connection)
    if revision != manifest.document["database"]["schema_revision"]:
        raise BackupError(f"The restored schema revision is {revision}, the manifest says "
                          f"{manifest.document['database']['schema_revision']}.")
    differences = {table: (counts.get(table), expected) for table, expected in manifest.counts.items()
                   if counts.get(table) != expected}
    if differences:
        listed = ", ".join(f"{table}: {got} rows, expected {want}" for table, (got, want) in differences.items())
        raise BackupError(f"The restored database differs from the manifest: {listed}.")


def _sqlite_path(engine: Engine) -> Path:
    database = make_url(str(engine.url)).database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return Path(database)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
