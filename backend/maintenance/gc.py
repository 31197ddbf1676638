"""Garbage collection of media: files no photo row owns, and photos no submission claimed in time."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from backend.media.models import Photo
from backend.media.storage import FileSystemStorage, Storage, make_photo_keys

PHOTO_PREFIX = "photos/"
# FileSystemStorage.put writes to ".<random>.part" beside the target and renames it; a crash
# between the two leaves the temporary file, which no key names.
_TEMPORARY_SUFFIX = ".part"


@dataclass
class GcReport:
    """What a collection removed (or, in a dry run, would remove)."""

    dry_run: bool
    orphaned_files: list[str] = field(default_factory=list)
    expired_photos: list[uuid.UUID] = field(default_factory=list)
    expired_files: list[str] = field(default_factory=list)

    @property
    def nothing_to_do(self) -> bool:
        return not (self.orphaned_files or self.expired_photos)


def collect_garbage(
    *, engine: Engine, storage: Storage, retention_days: int, now: datetime, grace: timedelta, dry_run: bool = False
) -> GcReport:
    """Remove photos unclaimed for retention_days (rows, then files), then files without a photo row."""
    report = GcReport(dry_run=dry_run)
    report.expired_photos = _expire_unclaimed(engine, before=now - timedelta(days=retention_days), dry_run=dry_run)
    for photo_id in report.expired_photos:
        for key in _photo_files(photo_id):
            if storage.exists(key):
                report.expired_files.append(key)
                if not dry_run:
                    storage.delete(key)
    report.orphaned_files = _orphaned_files(engine, storage, now=now, grace=grace)
    if not dry_run:
        for key in report.orphaned_files:
            _remove(storage, key)
    return report


def _expire_unclaimed(engine: Engine, *, before: datetime, dry_run: bool) -> list[uuid.UUID]:
    """Delete the rows first: a crash after this leaves files without rows, which the next run removes."""
    condition = (Photo.claimed_at.is_(None), Photo.created_at < before)
    with Session(engine) as session:
        if dry_run:
            return list(session.exec(select(Photo.id).where(*condition)))
        # One statement that re-checks claimed_at, so a submission claiming the photo meanwhile keeps it.
        deleted = session.exec(delete(Photo).where(*condition).returning(Photo.id))
        photo_ids = [uuid.UUID(str(row[0])) for row in deleted]
        session.commit()
    return photo_ids


def _orphaned_files(engine: Engine, storage: Storage, *, now: datetime, grace: timedelta) -> list[str]:
    """Photo files whose id has no row, older than grace (an upload writes its files before its row)."""
    candidates: dict[uuid.UUID, list[str]] = {}
    for key in storage.keys(PHOTO_PREFIX):
        photo_id = _photo_id(key)
        if photo_id is None:
            continue
        candidates.setdefault(photo_id, []).append(key)
    orphans = []
    with Session(engine) as session:
        known = _existing_ids(session, list(candidates))
    for photo_id, keys in candidates.items():
        if photo_id not in known:
            orphans.extend(key for key in keys if _older_than(storage, key, now=now, grace=grace))
    orphans.extend(_temporary_files(storage, now=now, grace=grace))
    return sorted(orphans)


def _existing_ids(session: Session, photo_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for start in range(0, len(photo_ids), 500):
        chunk = photo_ids[start:start + 500]
        found.update(session.exec(select(Photo.id).where(Photo.id.in_(chunk))))
    return found


def _photo_id(key: str) -> uuid.UUID | None:
    parts = key.split("/")
    if len(parts) != 3:
        return None
    try:
        photo_id = uuid.UUID(parts[1])
    except ValueError:
        return None
    return photo_id if str(photo_id) == parts[1] else None


def _photo_files(photo_id: uuid.UUID) -> tuple[str, str, str]:
    keys = make_photo_keys(photo_id)
    return keys.original, keys.display, keys.thumbnail


def _older_than(storage: Storage, key: str, *, now: datetime, grace: timedelta) -> bool:
    """Only the local disk tells a file's age; elsewhere an orphan counts as old enough."""
    if grace <= timedelta(0) or not isinstance(storage, FileSystemStorage):
        return True
    try:
        modified = storage.root.joinpath(*key.split("/")).stat().st_mtime
    except FileNotFoundError:
        return False
    return now.timestamp() - modified >= grace.total_seconds()


def _temporary_files(storage: Storage, *, now: datetime, grace: timedelta) -> Iterator[str]:
    """Half-written files a crash left on the local disk, as paths relative to the media root."""
    if not isinstance(storage, FileSystemStorage) or not storage.root.is_dir():
        return
    for directory, _, filenames in os.walk(storage.root):
        for filename in filenames:
            if not (filename.startswith(".") and filename.endswith(_TEMPORARY_SUFFIX)):
                continue
            path = Path(directory, filename)
            try:
                age = now.timestamp() - path.stat().st_mtime
            except FileNotFoundError:
                continue
            if age >= grace.total_seconds():
                yield path.relative_to(storage.root).as_posix()


def _remove(storage: Storage, name: str) -> None:
    if isinstance(storage, FileSystemStorage) and name.rsplit("/", 1)[-1].startswith("."):
        # A temporary file is not a storage key: remove it by path.
        path = storage.root.joinpath(*name.split("/"))
        try:
            path.unlink()
        except FileNotFoundError:
            return
        _prune_empty_folders(storage.root, path.parent)
        return
    storage.delete(name)


def _prune_empty_folders(root: Path, folder: Path) -> None:
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent

