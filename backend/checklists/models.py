"""Checklist templates and their immutable published versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from backend.timeutil import UTCDateTime, utcnow


class ChecklistTemplate(SQLModel, table=True):
    __tablename__ = "checklist_templates"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, unique=True, index=True)
    kind: str = Field(max_length=32)
    latest_version: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ChecklistVersion(SQLModel, table=True):
    """One published version: never changed after it is written."""

    __tablename__ = "checklist_versions"
    __table_args__ = (UniqueConstraint("template_id", "version", name="uq_checklist_versions_template_version"),)

    id: int | None = Field(default=None, primary_key=True)
    template_id: int = Field(foreign_key="checklist_templates.id", index=True)
    version: int
    title: str = Field(max_length=300, description="the title in the template's first language")
    source: str = Field(sa_type=Text, description="the YAML or JSON as the author wrote it")
    source_format: str = Field(max_length=8)
    definition: dict[str, Any] = Field(sa_type=JSON, description="the validated template as JSON")
    content_hash: str = Field(max_length=64)
    published_by: int | None = Field(default=None, foreign_key="users.id")
    published_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
