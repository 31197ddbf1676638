"""The field work's tables: locations of clients, projects with waves, and assignments of testers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from backend.config import default_time_zone
from backend.timeutil import UTCDateTime, utcnow


class Location(SQLModel, table=True):
    __tablename__ = "locations"
    __table_args__ = (UniqueConstraint("client_id", "code", name="uq_locations_client_code"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="clients.id", index=True)
    code: str = Field(max_length=64, description="the client's own id for the location")
    name: str = Field(max_length=200)
    kind: str = Field(max_length=16, description="store, branch, hotline or website")
    street: str | None = Field(default=None, max_length=200)
    postal_code: str | None = Field(default=None, max_length=20)
    city: str | None = Field(default=None, max_length=100)
    country: str | None = Field(default=None, max_length=2)
    latitude: float | None = None
    longitude: float | None = None
    phone: str | None = Field(default=None, max_length=40)
    url: str | None = Field(default=None, max_length=500)
    time_zone: str = Field(default_factory=default_time_zone, max_length=64,
                           description="IANA zone: visit times are shown in it")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Project(SQLModel, table=True):
    __tablename__ = "projects"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="clients.id", index=True)
    checklist_version_id: int = Field(foreign_key="checklist_versions.id", index=True)
    name: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Wave(SQLModel, table=True):
    """A period of a project, such as 2026-Q1: trends compare waves."""

    __tablename__ = "waves"
    __table_args__ = (UniqueConstraint("project_id", "name", name="uq_waves_project_name"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="projects.id", index=True)
    name: str = Field(max_length=64)
    starts_on: date | None = None
    ends_on: date | None = None


class ProjectLocation(SQLModel, table=True):
    __tablename__ = "project_locations"

    project_id: int = Field(foreign_key="projects.id", primary_key=True)
    location_id: int = Field(foreign_key="locations.id", primary_key=True, index=True)


class Assignment(SQLModel, table=True):
    __tablename__ = "assignments"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="projects.id", index=True)
    wave_id: int | None = Field(default=None, foreign_key="waves.id", index=True)
    location_id: int = Field(foreign_key="locations.id", index=True)
    persona: str = Field(max_length=64)
    tester_id: int = Field(foreign_key="users.id", index=True)
    window_start: date
    window_end: date
    withdrawn_at: datetime | None = Field(
        default=None, sa_type=UTCDateTime,
        description="when the agency withdrew it; the row stays so the tester's phone can be told")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AssignmentHandover(SQLModel, table=True):
    """A reassignment: who the assignment was taken from, so that tester's phone can be told why it went."""

    __tablename__ = "assignment_handovers"

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignments.id", index=True)
    from_tester_id: int = Field(foreign_key="users.id", index=True)
    to_tester_id: int = Field(foreign_key="users.id")
    by_user_id: int = Field(foreign_key="users.id")
    handed_over_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
