"""Clients of the agency: whose locations are visited and who receives the reports."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from backend.timeutil import UTCDateTime, utcnow


class Client(SQLModel, table=True):
    __tablename__ = "clients"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    brand_color: str = Field(default="#1f4e79", max_length=7)
    report_language: str = Field(default="de", max_length=2)
    logo_key: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
