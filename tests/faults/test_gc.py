"""fieldcheck gc: files without a photo row and photos no submission claimed in time go; everything else stays."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import Session, select

from backend.maintenance.gc import collect_garbage
from backend.media.models import Photo
from backend.media.storage import make_photo_keys
from tests.factories import jpeg_bytes
from tests.live import ROOT

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
RETENTION_DAYS = 30


def add_photo(fresh, assignment, *, created_at: datetime, claimed: bool, files: bool = True) -> uuid.UUID:
    photo_id = uuid.uuid4()
    if files:
        put_files(fresh, photo_id)
    with Session(fresh.engine) as session:
        session.add(Photo(id=photo_id, evaluation_id=uuid.uuid4(), assignment_id=assignment["assignment_id"],
                          question_id="window_photo", uploaded_by=assignment["tester_id"], sha256="0" * 64,
                          content_type="image/jpeg", size_bytes=1, width=1, height=1, created_at=created_at,
                          claimed_at=created_at + timedelta(minutes=5) if claimed else None))
        session.commit()
    return photo_id


def put_files(fresh, photo_id: uuid.UUID) -> list[str]:
    keys = make_photo_keys(photo_id)
    for key in (keys.original, keys.display, keys.thumbnail):
        fresh.storage.put(key, jpeg_bytes(8, 8))
    return [keys.original, keys.display, keys.thumbnail]


def files_of(fresh, photo_id: uuid.UUID) -> list[str]:
    return sorted(fresh.storage.keys(f"photos/{photo_id}/"))


def photo_ids(fresh) -> set[uuid.UUID]:
    with Session(fresh.engine) as session:
        return {uuid.UUID(str(i)) for i in session.exec(select(Photo.id))}


def collect(fresh, *, grace=timedelta(0), dry_run=False, now=NOW):
    return collect_garbage(engine=fresh.engine, storage=fresh.storage, retention_days=RETENTION_DAYS, now=now,
                           grace=grace, dry_run=dry_run)


def files_of_keys(photo_id: uuid.UUID) -> list[str]:
    keys = make_photo_keys(photo_id)
    return [keys.original, keys.display, keys.thumbnail]


def test_gc_removes_unclaimed_photos_past_retention_and_files_without_rows(fresh, assignment):
    old = NOW - timedelta(days=RETENTION_DAYS + 1)
    expired = add_photo(fresh, assignment, created_at=old, claimed=False)
    claimed_old = add_photo(fresh, assignment, created_at=old, claimed=True)
    unclaimed_recent = add_photo(fresh, assignment, created_at=NOW - timedelta(days=2), claimed=False)
    orphan = uuid.uuid4()
    orphan_files = put_files(fresh, orphan)

    report = collect(fresh)

    assert report.expired_photos == [expired]
    assert sorted(report.expired_files) == sorted(files_of_keys(expired))
    assert report.orphaned_files == sorted(orphan_files)
    assert photo_ids(fresh) == {claimed_old, unclaimed_recent}
    assert files_of(fresh, expired) == [] and files_of(fresh, orphan) == []
    assert len(files_of(fresh, claimed_old)) == 3 and len(files_of(fresh, unclaimed_recent)) == 3
    assert not (fresh.media_dir / "photos" / str(orphan)).exists(), "empty folders go too"
    assert collect(fresh).nothing_to_do


def test_a_dry_run_lists_everything_and_removes_nothing(fresh, assignment):
    expired = add_photo(fresh, assignment, created_at=NOW - timedelta(days=90), claimed=False)
    orphan_files = put_files(fresh, uuid.uuid4())
    before = sorted(fresh.storage.keys())

    report = collect(fresh, dry_run=True)

    assert report.dry_run and report.expired_photos == [expired]
    assert report.orphaned_files == sorted(orphan_files)
    assert sorted(fresh.storage.keys()) == before and photo_ids(fresh) == {expired}


def test_files_younger_than_the_grace_period_are_kept_as_uploads_in_flight(fresh, assignment):
    """An upload writes its files before its row commits: a fresh file without a row is not yet an orphan."""
    in_flight = put_files(fresh, uuid.uuid4())
    report = collect(fresh, grace=timedelta(hours=1), now=datetime.now(timezone.utc))
    assert report.orphaned_files == []
    assert sorted(fresh.storage.keys()) == sorted(in_flight)
    later = datetime.now(timezone.utc) + timedelta(hours=2)
    assert collect(fresh, grace=timedelta(hours=1), now=later).orphaned_files == sorted(in_flight)


def test_half_written_temporary_files_from_a_crash_are_removed(fresh, assignment):
    keep = add_photo(fresh, assignment, created_at=NOW, claimed=True)
    folder = fresh.media_dir / "photos" / str(keep)
    stale, fresh_part = folder / ".abc123.part", folder / ".def456.part"
    stale.write_bytes(b"half a photo")
    fresh_part.write_bytes(b"being written")
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))

    report = collect(fresh, grace=timedelta(minutes=10), now=datetime.now(timezone.utc))

    assert report.orphaned_files == [f"photos/{keep}/.abc123.part"]
    assert not stale.exists() and fresh_part.exists()
    assert len(files_of(fresh, keep)) == 3


def test_a_photo_claimed_while_gc_runs_is_kept(fresh, assignment):
    """The delete re-checks claimed_at in the same statement, so a claim that lands first wins."""
    photo_id = add_photo(fresh, assignment, created_at=NOW - timedelta(days=60), claimed=False)
    with Session(fresh.engine) as session:
        photo = session.get(Photo, photo_id)
        photo.claimed_at = NOW
        session.add(photo)
        session.commit()
    assert collect(fresh).expired_photos == []
    assert photo_ids(fresh) == {photo_id}


@pytest.mark.parametrize("fresh", ["sqlite"], indirect=True)
def test_the_gc_command(fresh, assignment, tmp_path):
    """The command on SQLite; the collector under it is tested on both databases above."""
    expired = add_photo(fresh, assignment, created_at=datetime.now(timezone.utc) - timedelta(days=45), claimed=False)
    orphan_files = put_files(fresh, uuid.uuid4())
    env = {**os.environ, "FIELDCHECK_VAR_DIR": str(tmp_path), "FIELDCHECK_DATABASE_URL": fresh.url,
           "FIELDCHECK_MEDIA_DIR": str(fresh.media_dir), "FIELDCHECK_PHOTO_RETENTION_DAYS": "30"}

    def gc(*arguments: str) -> str:
        result = subprocess.run([sys.executable, "-m", "backend.cli", "gc", *arguments], cwd=ROOT, env=env,
                                capture_output=True, text=True, check=True)
        return result.stdout

    listed = gc("--dry-run", "--grace-minutes", "0")
    assert f"would remove unclaimed photo {expired}" in listed
    assert all(key in listed for key in orphan_files)
    assert photo_ids(fresh) == {expired}
    # The expired photo goes with its three files; the orphans are new, and the default grace keeps them.
    assert "removed 1 unclaimed photo(s), 3 file(s)" in gc()
    assert sorted(fresh.storage.keys()) == sorted(orphan_files)
    done = gc("--grace-minutes", "0")
    assert "removed 0 unclaimed photo(s), 3 file(s)" in done
    assert list(fresh.storage.keys()) == [] and photo_ids(fresh) == set()
