"""fieldcheck backup and restore: an archive taken while testers submit restores whole, on SQLite and PostgreSQL;
a damaged, foreign or misplaced archive changes nothing."""

from __future__ import annotations

import io
import json
import os
import tarfile
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, select

from backend.auth.models import Role
from backend.evaluations.models import Evaluation
from backend.maintenance.backup import BackupError, create_backup, restore_backup
from backend.media.storage import FileSystemStorage
from tests.databases import create_postgres_database, create_sqlite_database, drop_postgres_database
from tests.faults.checks import stored_problems
from tests.faults.field import Visit, database_url_of, field_server
from tests.faults.test_gc import add_photo, photo_ids
from tests.live import LiveServer, cli

TESTERS = 24


def evaluation_ids(url: str) -> set[uuid.UUID]:
    from backend.db import make_engine

    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return {uuid.UUID(str(i)) for i in session.exec(select(Evaluation.id))}
    finally:
        engine.dispose()


@pytest.fixture
def target_url(database_url) -> Iterator[str | None]:
    """Where a restore goes: an empty database of the source's kind (None: a new SQLite file)."""
    if database_url is None:
        yield None
        return
    url, engine = create_postgres_database()
    engine.dispose()
    yield url
    drop_postgres_database(url)


@pytest.mark.slow
@pytest.mark.e2e
def test_a_backup_taken_while_testers_submit_restores_whole(tmp_path: Path, database_url, target_url):
    target_var = tmp_path / "restored"
    with field_server(tmp_path / "var", testers=TESTERS, database_url=database_url) as (live, field):
        visits = [Visit(tester) for tester in field.testers]
        half = TESTERS // 2

        def sync(visit: Visit) -> None:
            with httpx.Client(base_url=live.url, timeout=60) as http:
                assert visit.upload(http).status_code == 201
                assert visit.submit(http).status_code in (200, 201)

        for visit in visits[:half]:
            sync(visit)
        threads = [threading.Thread(target=sync, args=(visit,)) for visit in visits[half:]]
        for thread in threads:
            thread.start()
        during = cli(live.env, "backup", str(tmp_path / "during.tar.gz"))
        for thread in threads:
            thread.join()
        after = cli(live.env, "backup", str(tmp_path / "after.tar.gz"))
        source = database_url_of(live)
    assert during.returncode == 0, during.stderr
    assert after.returncode == 0, after.stderr
    assert f"{TESTERS} evaluations, {TESTERS} photos, {3 * TESTERS} files" in after.stdout
    assert evaluation_ids(source) == {v.evaluation_id for v in visits}

    env = {**live.env, "FIELDCHECK_VAR_DIR": str(target_var)}
    env.pop("FIELDCHECK_DATABASE_URL", None)
    if target_url:
        env["FIELDCHECK_DATABASE_URL"] = target_url
    restored = cli(env, "restore", str(tmp_path / "after.tar.gz"))
    assert restored.returncode == 0, restored.stderr
    assert "checksums and row counts match the manifest" in restored.stdout
    restored_live = LiveServer(url=live.url, var_dir=target_var, env=env)
    restored_url = database_url_of(restored_live)
    assert stored_problems(restored_url, target_var / "media", visits) == []

    # The restored server serves what the testers sent: the same evaluations, the same photo bytes.
    from tests.live import free_port

    restored_live.url = f"http://127.0.0.1:{free_port()}"
    restored_live.start()
    try:
        with httpx.Client(base_url=restored_live.url, timeout=30) as http:
            staff = field.headers(Role.reviewer)
            for visit in visits[:3]:
                evaluation = http.get(f"/api/v1/evaluations/{visit.evaluation_id}", headers=staff)
                assert evaluation.status_code == 200, evaluation.text
                original = http.get(f"/api/v1/photos/{visit.photo_id}/original", headers=staff)
                assert original.status_code == 200 and original.content == visit.photo
    finally:
        restored_live.stop()

    # The backup taken mid-run is consistent too: each evaluation in it is whole and has its photo's files.
    mid_var = tmp_path / "mid"
    mid_env = {**env, "FIELDCHECK_VAR_DIR": str(mid_var)}
    if target_url:
        mid_env["FIELDCHECK_DATABASE_URL"] = target_url
    restored = cli(mid_env, "restore", "--force", str(tmp_path / "during.tar.gz"))
    assert restored.returncode == 0, restored.stderr
    mid_url = database_url_of(LiveServer(url="", var_dir=mid_var, env=mid_env))
    present = evaluation_ids(mid_url)
    assert {v.evaluation_id for v in visits[:half]} <= present
    # Uploads that landed after the database copy leave files without rows: gc's job, as after a crash.
    gc = cli(mid_env, "gc", "--grace-minutes", "0")
    assert gc.returncode == 0, gc.stderr
    in_backup = [v for v in visits if v.evaluation_id in present]
    problems = stored_problems(mid_url, mid_var / "media", in_backup)
    assert [p for p in problems if "belongs to no photo" not in p and "is not claimed" not in p] == [], problems


# -- the archive's guards, in process on both databases ------------------------------------------------------

def test_a_restore_refuses_a_database_that_is_not_empty_and_replaces_it_with_force(fresh, assignment, tmp_path):
    photo = add_photo(fresh, assignment, created_at=_now(), claimed=True)
    archive = tmp_path / "backup.tar.gz"
    manifest = create_backup(engine=fresh.engine, storage=fresh.storage, destination=archive)
    assert manifest.counts["photos"] == 1 and len(manifest.media) == 3 and manifest.missing_media == []
    with pytest.raises(BackupError, match="exists"):
        create_backup(engine=fresh.engine, storage=fresh.storage, destination=archive)

    later = add_photo(fresh, assignment, created_at=_now(), claimed=True)
    with pytest.raises(BackupError, match="not empty"):
        restore_backup(engine=fresh.engine, storage=fresh.storage, source=archive)
    assert photo_ids(fresh) == {photo, later}, "a refused restore changes nothing"

    restore_backup(engine=fresh.engine, storage=fresh.storage, source=archive, force=True)
    assert photo_ids(fresh) == {photo}
    assert sorted(fresh.storage.keys()) == sorted(manifest.media)


def test_a_damaged_archive_is_refused_before_anything_is_written(fresh, assignment, tmp_path):
    add_photo(fresh, assignment, created_at=_now(), claimed=True)
    archive = tmp_path / "backup.tar.gz"
    create_backup(engine=fresh.engine, storage=fresh.storage, destination=archive)
    damaged = rewrite(archive, tmp_path / "damaged.tar.gz",
                      lambda name, data: data[:-1] + bytes([data[-1] ^ 1]) if name.endswith("thumbnail.jpg") else data)
    target = FileSystemStorage(tmp_path / "elsewhere")
    url, engine = _empty_database(fresh.kind, tmp_path)
    try:
        with pytest.raises(BackupError, match="checksum"):
            restore_backup(engine=engine, storage=target, source=damaged)
        with engine.connect() as connection:
            from sqlalchemy import inspect

            assert inspect(connection).get_table_names() == []
        assert list(target.keys()) == []
    finally:
        engine.dispose()
        if fresh.kind == "postgres":
            drop_postgres_database(url)


def test_an_archive_cannot_write_outside_the_media_directory(fresh, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    create_backup(engine=fresh.engine, storage=fresh.storage, destination=archive)

    def escape(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        document = json.loads(data)
        document["media"]["../../escaped.txt"] = {"size": 1, "sha256": "0" * 64}
        return json.dumps(document).encode()

    hostile = rewrite(archive, tmp_path / "hostile.tar.gz", escape, extra={"media/../../escaped.txt": b"x"})
    with pytest.raises(BackupError, match="not safe to restore"):
        restore_backup(engine=fresh.engine, storage=fresh.storage, source=hostile, force=True)
    assert not (tmp_path / "escaped.txt").exists() and not (fresh.media_dir.parent / "escaped.txt").exists()


def test_an_archive_of_the_other_database_kind_or_no_archive_is_refused(fresh, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    create_backup(engine=fresh.engine, storage=fresh.storage, destination=archive)
    other = "postgresql" if fresh.kind == "sqlite" else "sqlite"
    foreign = rewrite(archive, tmp_path / "foreign.tar.gz", lambda name, data: data.replace(
        f'"kind": "{fresh.engine.dialect.name}"'.encode(), f'"kind": "{other}"'.encode()))
    with pytest.raises(BackupError, match=f"holds a {other} database"):
        restore_backup(engine=fresh.engine, storage=fresh.storage, source=foreign, force=True)
    not_ours = tmp_path / "other.tar.gz"
    with tarfile.open(not_ours, "w:gz") as tar:
        info = tarfile.TarInfo("readme.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    with pytest.raises(BackupError, match="not a fieldcheck backup"):
        restore_backup(engine=fresh.engine, storage=fresh.storage, source=not_ours, force=True)


def test_the_commands_say_what_is_wrong_with_exit_code_2(tmp_path):
    env = {**os.environ, "FIELDCHECK_VAR_DIR": str(tmp_path / "var")}
    env.pop("FIELDCHECK_DATABASE_URL", None)
    missing = cli(env, "backup", str(tmp_path / "b.tar.gz"))
    assert missing.returncode == 2 and "There is no database" in missing.stderr
    (tmp_path / "junk.tar.gz").write_bytes(b"not a tar file")
    junk = cli(env, "restore", str(tmp_path / "junk.tar.gz"))
    assert junk.returncode == 2 and "error:" in junk.stderr and "Traceback" not in junk.stderr


def _now():
    from backend.timeutil import utcnow

    return utcnow()


def _empty_database(kind: str, directory: Path):
    if kind == "postgres":
        return create_postgres_database()
    return create_sqlite_database(directory)


def rewrite(source: Path, target: Path, change, *, extra: dict[str, bytes] | None = None) -> Path:
    """A copy of an archive with each member's bytes passed through `change` (and extra members added)."""
    with tarfile.open(source, "r:gz") as original, tarfile.open(target, "w:gz") as copy:
        for member in original.getmembers():
            data = change(member.name, original.extractfile(member).read())
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
        for name, data in (extra or {}).items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
    return target
