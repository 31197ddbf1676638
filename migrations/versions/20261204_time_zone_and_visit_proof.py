"""location time zone; the visit's proof stored with the evaluation

Revision ID: 5e0c7b21d9a4
Revises: 5c1d7a2e9f30
Create Date: 2026-12-04

Locations get an IANA time zone (existing ones the agency default, FIELDCHECK_DEFAULT_TIME_ZONE, else
Europe/Berlin). Evaluations keep the device's distance from the location and the number of photos taken
during the visit, as judged at submission; flags become {code, params} and name photos by question and
number instead of by UUID. Existing rows are converted from what they stored.
"""

import math
import os
import re
import uuid
from datetime import timedelta, timezone

import sqlalchemy as sa
from alembic import op

revision = '5e0c7b21d9a4'
down_revision = '5c1d7a2e9f30'
branch_labels = None
depends_on = None

PHOTO_SLACK = timedelta(minutes=15)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

evaluations = sa.table(
    "evaluations", sa.column("id", sa.Uuid), sa.column("location_id", sa.Integer), sa.column("revision", sa.Integer),
    sa.column("visit_started_at", sa.DateTime(timezone=True)), sa.column("visit_ended_at", sa.DateTime(timezone=True)),
    sa.column("latitude", sa.Float), sa.column("longitude", sa.Float), sa.column("flags", sa.JSON),
    sa.column("flag_count", sa.Integer), sa.column("distance_m", sa.Float), sa.column("photos_in_visit", sa.Integer))
revisions = sa.table("evaluation_revisions", sa.column("evaluation_id", sa.Uuid), sa.column("number", sa.Integer),
                     sa.column("payload", sa.JSON))
locations = sa.table("locations", sa.column("id", sa.Integer), sa.column("latitude", sa.Float),
                     sa.column("longitude", sa.Float))
photos = sa.table("photos", sa.column("id", sa.Uuid), sa.column("taken_at", sa.DateTime(timezone=True)),
                  sa.column("gps_latitude", sa.Float), sa.column("gps_longitude", sa.Float))


def upgrade() -> None:
    # Plain ALTER TABLE (SQLite 3.35+ drops columns too): a batch table copy would fail on the foreign keys
    # of a populated database. The server defaults stay: they fill rows that existed before this migration.
    default_zone = os.environ.get("FIELDCHECK_DEFAULT_TIME_ZONE") or "Europe/Berlin"
    op.add_column('locations', sa.Column('time_zone', sa.String(length=64), nullable=False,
                                         server_default=default_zone))
    op.add_column('evaluations', sa.Column('distance_m', sa.Float(), nullable=True))
    op.add_column('evaluations', sa.Column('photos_in_visit', sa.Integer(), nullable=False, server_default='0'))
    _convert_existing(op.get_bind())


def downgrade() -> None:
    connection = op.get_bind()
    for row in connection.execute(sa.select(evaluations.c.id, evaluations.c.flags)).all():
        old = [{"code": f["code"], "message": f["code"].replace("_", " ").capitalize() + "."} for f in row.flags or []]
        connection.execute(sa.update(evaluations).where(evaluations.c.id == row.id).values(flags=old))
    op.drop_column('evaluations', 'photos_in_visit')
    op.drop_column('evaluations', 'distance_m')
    op.drop_column('locations', 'time_zone')


def _utc(value):
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _distance(lat1, lon1, lat2, lon2) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def _convert_existing(connection) -> None:
    where = {row.id: row for row in connection.execute(sa.select(locations))}
    for row in connection.execute(sa.select(evaluations)).all():
        payload = connection.execute(sa.select(revisions.c.payload).where(
            revisions.c.evaluation_id == row.id, revisions.c.number == row.revision)).scalar()
        named = {}
        for question_id, answer in ((payload or {}).get("answers") or {}).items():
            for number, photo_id in enumerate(answer.get("photos") or [], start=1):
                named[photo_id] = (question_id, number)
        stored = {str(p.id): p for p in connection.execute(sa.select(photos).where(
            photos.c.id.in_([uuid.UUID(i) for i in named if _UUID.fullmatch(i)])))} if named else {}
        location = where.get(row.location_id)
        distance = None
        if location is not None and None not in (row.latitude, row.longitude, location.latitude, location.longitude):
            distance = _distance(row.latitude, row.longitude, location.latitude, location.longitude)
        start, end = _utc(row.visit_started_at), _utc(row.visit_ended_at)
        inside = 0
        if start and end and end >= start:
            inside = sum(1 for p in stored.values()
                         if p.taken_at and start - PHOTO_SLACK <= _utc(p.taken_at) <= end + PHOTO_SLACK)
        flags = [flag for flag in (_converted(f, start, end, distance, named, stored, location) for f in row.flags or [])
                 if flag is not None]
        connection.execute(sa.update(evaluations).where(evaluations.c.id == row.id).values(
            distance_m=distance, photos_in_visit=inside, flags=flags, flag_count=len(flags)))


def _converted(flag, start, end, distance, named, stored, location):
    """An old {code, message} flag as {code, params}; a flag about a photo no longer in the answers is dropped."""
    code = flag.get("code")
    if "params" in flag:
        return flag
    params = {}
    if code == "visit_too_short" and start and end:
        params = {"seconds": int((end - start).total_seconds())}
    elif code == "visit_too_long" and start and end:
        params = {"minutes": int((end - start).total_seconds() // 60)}
    elif code == "far_from_location" and distance is not None:
        params = {"distance_m": round(distance)}
    elif code in ("photo_far_from_location", "photo_outside_visit"):
        match = _UUID.search(flag.get("message") or "")
        if match is None or match.group() not in named:
            return None
        question_id, number = named[match.group()]
        params = {"question_id": question_id, "number": number}
        photo = stored.get(match.group())
        if code == "photo_far_from_location" and photo is not None and location is not None \
                and None not in (photo.gps_latitude, photo.gps_longitude, location.latitude, location.longitude):
            params["distance_m"] = round(_distance(photo.gps_latitude, photo.gps_longitude,
                                                   location.latitude, location.longitude))
    return {"code": code, "params": params}
