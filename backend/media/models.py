"""Photos: evidence for one question of one evaluation."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from backend.timeutil import UTCDateTime, utcnow


class Photo(SQLModel, table=True):
    """Photos arrive before their evaluation, so evaluation_id is not a foreign key."""

    __tablename__ = "photos"

    id: uuid.UUID = Field(primary_key=True, description="made by the device: the idempotency key")
    evaluation_id: uuid.UUID = Field(index=True)
    assignment_id: int = Field(foreign_key="assignments.id", index=True)
    question_id: str = Field(max_length=64)
    uploaded_by: int = Field(foreign_key="users.id")
    sha256: str = Field(max_length=64)
    content_type: str = Field(max_length=32)
    size_bytes: int
    width: int
    height: int
    taken_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    gps_latitude: float | None = None
    gps_longitude: float | None = None
    claimed_at: datetime | None = Field(
        default=None, sa_type=UTCDateTime, description="when a submission named it"
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
