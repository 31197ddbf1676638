"""Request and response shapes of locations and projects with waves."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator
from pydantic_core import PydanticCustomError

from backend.config import default_time_zone
from backend.fieldwork.fields import (
    City, Code, Country, Id, Latitude, LocationKind, Longitude, Name, Phone, PostalCode, Street, TimeZone, WebUrl,
    field_error, not_null, single_line,
)
from backend.fieldwork.refs import ChecklistRef, Ref


# Locations

class LocationFields(BaseModel):
    """A location as an admin or a spreadsheet describes it; coordinates come in pairs."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    code: Code = Field(description="the client's own id for the location, unique per client")
    name: Name
    kind: LocationKind
    street: Street = None
    postal_code: PostalCode = None
    city: City = None
    country: Country = Field(default=None, description="ISO 3166-1 alpha-2 code, such as DE")
    latitude: Latitude = None
    longitude: Longitude = None
    phone: Phone = None
    url: WebUrl = None
    time_zone: TimeZone = Field(default_factory=default_time_zone,
                                description="IANA time zone such as Europe/Berlin; default: the agency's")

    @model_validator(mode="wrap")
    @classmethod
    def _coordinates_in_pairs(cls, data: Any, handler):
        location = handler(data)
        if (location.latitude is None) != (location.longitude is None):
            missing = "latitude" if location.latitude is None else "longitude"
            raise field_error(cls.__name__, missing, "coordinates_pair",
                              f"Give the {missing} too: latitude and longitude go together.", data)
        return location


class LocationCreate(LocationFields):
    client_id: Id


class LocationUpdate(BaseModel):
    """Fields to change; null clears an optional field."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    code: Code | None = None
    name: Name | None = None
    kind: LocationKind | None = None
    street: Street = None
    postal_code: PostalCode = None
    city: City = None
    country: Country = None
    latitude: Latitude = None
    longitude: Longitude = None
    phone: Phone = None
    url: WebUrl = None
    time_zone: TimeZone | None = Field(default=None, description="null: the agency's time zone")

    _fields_not_null = field_validator("code", "name", "kind")(not_null)


class LocationPublic(BaseModel):
    """A stored location as it is, without the input checks (rows may predate them)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    client_id: int
    code: str
    name: str
    kind: str
    street: str | None
    postal_code: str | None
    city: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    phone: str | None
    url: str | None
    time_zone: str
    created_at: datetime


class LocationPage(BaseModel):
    items: list[LocationPublic]
    total: int


class ImportResult(BaseModel):
    created: int
    updated: int
    unchanged: int = Field(description="rows whose location already had exactly these values")


# Projects and waves

class WaveCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64),
                    AfterValidator(single_line)]
    starts_on: date | None = None
    ends_on: date | None = None

    @model_validator(mode="wrap")
    @classmethod
    def _ends_after_start(cls, data: Any, handler):
        wave = handler(data)
        if wave.starts_on and wave.ends_on and wave.ends_on < wave.starts_on:
            raise field_error(cls.__name__, "ends_on", "date_order", "The wave cannot end before it starts.", data)
        return wave


class WavePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    starts_on: date | None
    ends_on: date | None


class ProjectCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: Id
    checklist_version_id: Id
    name: Name
    waves: list[WaveCreate] = Field(default_factory=list, max_length=200)
    location_ids: list[Id] = Field(default_factory=list, max_length=20_000,
                                    description="locations of the project's client")

    @field_validator("waves")
    @classmethod
    def _unique_wave_names(cls, waves: list[WaveCreate]) -> list[WaveCreate]:
        names = [wave.name for wave in waves]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise PydanticCustomError("wave_names", "Each wave needs its own name; repeated: {names}.",
                                      {"names": ", ".join(duplicates)})
        return waves


class ProjectUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    checklist_version_id: Id | None = Field(
        default=None, description="only while the project has no evaluations")
    location_ids: list[Id] | None = Field(
        default=None, max_length=20_000, description="the whole new set; a location with assignments must stay")

    _fields_not_null = field_validator("name", "checklist_version_id", "location_ids")(not_null)


class ProjectPublic(BaseModel):
    id: int
    name: str
    client: Ref
    checklist: ChecklistRef
    waves: list[WavePublic]
    location_ids: list[int]
    created_at: datetime
