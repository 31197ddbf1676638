"""Response shapes of the checklist API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class VersionSummary(BaseModel):
    version_id: int
    version: int
    title: str
    published_at: datetime


class TemplateSummary(BaseModel):
    key: str
    kind: str
    latest_version: int
    versions: list[VersionSummary]


class VersionPublic(BaseModel):
    key: str
    kind: str
    version_id: int
    version: int
    title: str
    published_at: datetime
    content_hash: str
    definition: dict[str, Any]


class VersionSource(BaseModel):
    key: str
    version: int
    source_format: str
    source: str


class IssuePublic(BaseModel):
    line: int | None
    path: str
    message: str
    code: str


class ValidationResult(BaseModel):
    valid: bool
    issues: list[IssuePublic]
