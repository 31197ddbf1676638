"""Request and response shapes of clients, locations, projects with waves, and assignments."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError,
    field_validator, model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from backend.config import default_time_zone
from backend.fieldwork.countries import country_problem
from backend.fieldwork.planning import DEFAULT_LOCKOUT_DAYS
from backend.timeutil import valid_zone_name

ReportLanguage = Literal["de", "en"]
LocationKind = Literal["store", "branch", "hotline", "website"]
LOCATION_KINDS: tuple[str, ...] = get_args(LocationKind)
AssignmentStatus = Literal["open", "submitted", "on_hold", "returned", "approved", "released", "withdrawn"]

MAX_ID = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
"""A row id: the columns are 32-bit, and a larger number must be a 422, not a database error."""

_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_PHONE = re.compile(r"^\+?[0-9 ()/.\-]+$")
_WEB_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", re.IGNORECASE)


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _single_line(value: str | None) -> str | None:
    # Control characters break CSV exports and reports, and PostgreSQL refuses NUL in text.
    if value is not None and any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise PydanticCustomError("control_character", "Remove line breaks and control characters.")
    return value


def _brand_color(value: str) -> str:
    if not _HEX_COLOR.match(value):
        raise PydanticCustomError("brand_color", "Write the colour as #rrggbb, for example #1f4e79.")
    return value.lower()


def _country(value: str | None) -> str | None:
    if value is None:
        return None
    code = value.upper()
    problem = country_problem(code)
    if problem:
        raise PydanticCustomError("country", problem)
    return code


def _phone(value: str | None) -> str | None:
    if value is not None and (not _PHONE.match(value) or sum(c.isdigit() for c in value) < 3):
        raise PydanticCustomError("phone", "Write a phone number with digits, spaces and + ( ) / - . only.")
    return value


def _web_url(value: str | None) -> str | None:
    if value is not None and not _WEB_URL.match(value):
        raise PydanticCustomError("url", "Write a web address starting with https:// or http://.")
    return value


def _not_null(value: Any) -> Any:
    if value is None:
        raise PydanticCustomError("not_null", "This field cannot be null: leave it out to keep its value.")
    return value


def field_error(model: str, field: str, kind: str, message: str, data: Any) -> ValidationError:
    """A validation error that names one field, for checks that span fields."""
    return ValidationError.from_exception_data(
        model, [InitErrorDetails(type=PydanticCustomError(kind, message), loc=(field,), input=data)])


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
                 AfterValidator(_single_line)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64),
                 AfterValidator(_single_line)]
BrandColor = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_brand_color)]


def _zone_or_default(value: Any) -> Any:
    """No zone, or a blank one, means the agency's."""
    return default_time_zone() if value is None or (isinstance(value, str) and not value.strip()) else value


def _optional_text(max_length: int, *checks: AfterValidator):
    """Optional text: blank means none; the length limit applies to the text, the checks to a given value."""
    return Annotated[Annotated[str, StringConstraints(max_length=max_length)] | None,
                     BeforeValidator(_blank_to_none), AfterValidator(_single_line), *checks]


Street = _optional_text(200)
PostalCode = _optional_text(20)
City = _optional_text(100)
Country = Annotated[str | None, BeforeValidator(_blank_to_none), AfterValidator(_country)]
Phone = _optional_text(40, AfterValidator(_phone))
WebUrl = _optional_text(500, AfterValidator(_web_url))
TimeZone = Annotated[str, BeforeValidator(_zone_or_default), AfterValidator(valid_zone_name)]
Latitude = Annotated[float | None, Field(ge=-90, le=90)]
Longitude = Annotated[float | None, Field(ge=-180, le=180)]


class Ref(BaseModel):
    id: int
    name: str


# Clients

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

    _fields_not_null = field_validator("name", "brand_color", "report_language")(_not_null)


class ClientPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    brand_color: str
    report_language: str
    created_at: datetime


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

    _fields_not_null = field_validator("code", "name", "kind")(_not_null)


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
                    AfterValidator(_single_line)]
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

    _fields_not_null = field_validator("name", "checklist_version_id", "location_ids")(_not_null)


class ChecklistRef(BaseModel):
    version_id: int
    key: str
    version: int
    title: str


class ProjectPublic(BaseModel):
    id: int
    name: str
    client: Ref
    checklist: ChecklistRef
    waves: list[WavePublic]
    location_ids: list[int]
    created_at: datetime


# Assignments

LockoutDays = Field(default=DEFAULT_LOCKOUT_DAYS, ge=0, le=3650,
                    description="a tester may not be sent to the same location again within this many days "
                                "(measured from the end of one window to the start of the next); 0 switches it off")


class AssignmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    project_id: Id
    location_id: Id = Field(description="one of the project's locations")
    persona: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64),
                       AfterValidator(_single_line)] = Field(
        description="a persona id of the project's checklist")
    tester_id: Id = Field(description="an active tester")
    wave_id: Id | None = Field(default=None, description="a wave of the project")
    window_start: date
    window_end: date
    lockout_days: int = LockoutDays

    @model_validator(mode="wrap")
    @classmethod
    def _window_in_order(cls, data: Any, handler):
        assignment = handler(data)
        if assignment.window_end < assignment.window_start:
            raise field_error(cls.__name__, "window_end", "date_order",
                              "The window cannot end before it starts.", data)
        return assignment


class AssignmentUpdate(BaseModel):
    """Reassign, move the window, withdraw or reinstate; the tester's phone learns of each on its next sync."""

    model_config = ConfigDict(extra="forbid")

    tester_id: Id | None = Field(default=None, description="an active tester; who it was taken from is kept")
    window_start: date | None = None
    window_end: date | None = None
    withdrawn: bool | None = Field(default=None, description="true withdraws (as DELETE does), false reinstates")
    lockout_days: int = LockoutDays

    @field_validator("tester_id", "window_start", "window_end", "withdrawn")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("leave the field out instead of sending null")
        return value


class LocationRef(BaseModel):
    id: int
    code: str
    name: str


class TesterRef(BaseModel):
    id: int
    display_name: str
    pseudonym: str | None


class AssignmentPublic(BaseModel):
    id: int
    project: Ref
    wave: Ref | None
    location: LocationRef
    persona: str
    tester: TesterRef
    window_start: date
    window_end: date
    status: AssignmentStatus = Field(description="withdrawn once withdrawn; else open while no evaluation exists, "
                                                 "else the evaluation's status")
    evaluation_id: uuid.UUID | None
    withdrawn_at: datetime | None = None
    previous_tester_ids: list[int] = Field(default_factory=list, description="who it was taken from, oldest first")
    created_at: datetime


class AssignmentPage(BaseModel):
    items: list[AssignmentPublic]
    total: int
