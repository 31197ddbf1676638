"""The 2026-12-04 migration turns stored flags into {code, params} and fills in the stored proof of visit."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone

import pytest
from alembic import command
from sqlalchemy import text
from sqlmodel import Session

from backend.auth.models import Role, User
from backend.config import get_settings
from backend.auth.principal import Principal
from backend.evaluations.schemas import SubmissionIn
from backend.evaluations.submission import submit
from backend.media.models import Photo
from backend.migrate import alembic_config, upgrade
from tests.conftest import DATABASES
from tests.databases import drop_postgres_database, migrated
from tests.factories import project_with_assignment

BEFORE = "5c1d7a2e9f30"


def downgrade(engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def photo(setup, tester, evaluation_id, taken_at) -> Photo:
    return Photo(id=uuid.uuid4(), evaluation_id=evaluation_id, assignment_id=setup["assignment"].id,
                 question_id="window_photo", uploaded_by=tester.id, sha256="0" * 64, content_type="image/jpeg",
                 size_bytes=1, width=1, height=1, taken_at=taken_at)


@pytest.mark.parametrize("kind", DATABASES)
def test_old_flags_name_photos_by_question_and_number_after_the_upgrade(kind, tmp_path):
    url, engine = migrated(kind, tmp_path)
    try:
        evaluation_id = uuid.uuid4()
        with Session(engine, expire_on_commit=False) as session:
            admin = User(email="a@example.org", display_name="A", password_hash="x", role=Role.admin)
            tester = User(email="t@example.org", display_name="T", password_hash="x", role=Role.tester,
                          pseudonym="T1")
            session.add_all([admin, tester])
            session.flush()
            setup = project_with_assignment(session, admin=admin, tester=tester)
            inside = photo(setup, tester, evaluation_id, datetime(2026, 12, 3, 17, 0, tzinfo=timezone.utc))
            outside = photo(setup, tester, evaluation_id, datetime(2026, 12, 3, 20, 0, tzinfo=timezone.utc))
            session.add_all([inside, outside])
            session.flush()
            submit(session=session, principal=Principal(tester), settings=get_settings(), evaluation_id=evaluation_id,
                   payload=SubmissionIn.model_validate({
                       "assignment_id": setup["assignment"].id, "persona": "young",
                       "answers": {"greeted": {"value": True}, "advice": {"value": "ok"},
                                   "window_photo": {"photos": [str(inside.id), str(outside.id)]}},
                       "visit_started_at": "2026-12-03T16:53:00Z", "visit_ended_at": "2026-12-03T17:15:00Z",
                       "position": {"latitude": 48.137, "longitude": 11.575}}))
            session.commit()
        downgrade(engine, BEFORE)
        legacy = [
            {"code": "far_from_location", "message": "The device was 504,220 m from the location."},
            {"code": "photo_outside_visit", "message": f"Photo {outside.id} was taken outside the visit window."},
            {"code": "photo_far_from_location", "message": f"Photo {uuid.uuid4()} was taken 3,000 m away."},
        ]
        with engine.begin() as connection:
            connection.execute(text("UPDATE evaluations SET flags = :flags, flag_count = 3"),
                               {"flags": json.dumps(legacy)})

        upgrade(engine)

        with engine.connect() as connection:
            row = connection.execute(text("SELECT flags, flag_count, distance_m, photos_in_visit FROM evaluations")).one()
            zone = connection.execute(text("SELECT time_zone FROM locations")).scalar()
        flags = row[0] if isinstance(row[0], list) else json.loads(row[0])
        assert flags[0]["code"] == "far_from_location"
        assert flags[0]["params"]["distance_m"] == pytest.approx(504_220, rel=0.001)
        assert flags[1] == {"code": "photo_outside_visit", "params": {"question_id": "window_photo", "number": 2}}
        assert len(flags) == 2 and row[1] == 2, "a flag about a photo the answers no longer name is dropped"
        assert row[2] == pytest.approx(504_220, rel=0.001) and row[3] == 1
        assert zone == "Europe/Berlin"
    finally:
        engine.dispose()
        if kind == "postgres":
            drop_postgres_database(url)
