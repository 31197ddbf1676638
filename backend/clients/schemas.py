"""Request and response shapes of clients and their logos."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, field_validator

from backend.fieldwork.fields import BrandColor, Name, ReportLanguage, not_null


class ClientCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    brand_color: BrandColor = "#1f4e79"
    report_language: ReportLanguage = "de"


class ClientUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    brand_color: BrandColor | None = None
    report_language: ReportLanguage | None = None

    _fields_not_null = field_validator("name", "brand_color", "report_language")(not_null)


class ClientPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    brand_color: str
    report_language: str
    created_at: datetime


class LogoPublic(BaseModel):
    client_id: int
    content_type: str = "image/jpeg"
    width: int
    height: int
