"""Field types shared by the set-up schemas: names, codes, addresses, colours, zones, ids."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from backend.config import default_time_zone
from backend.fieldwork.countries import country_problem
from backend.timeutil import valid_zone_name


ReportLanguage = Literal["de", "en"]


LocationKind = Literal["store", "branch", "hotline", "website"]


LOCATION_KINDS: tuple[str, ...] = get_args(LocationKind)


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


def single_line(value: str | None) -> str | None:
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


def not_null(value: Any) -> Any:
    if value is None:
        raise PydanticCustomError("not_null", "This field cannot be null: leave it out to keep its value.")
    return value


def field_error(model: str, field: str, kind: str, message: str, data: Any) -> ValidationError:
    """A validation error that names one field, for checks that span fields."""
    return ValidationError.from_exception_data(
        model, [InitErrorDetails(type=PydanticCustomError(kind, message), loc=(field,), input=data)])


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
                 AfterValidator(single_line)]


Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64),
                 AfterValidator(single_line)]


BrandColor = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_brand_color)]


def _zone_or_default(value: Any) -> Any:
    """No zone, or a blank one, means the agency's."""
    return default_time_zone() if value is None or (isinstance(value, str) and not value.strip()) else value


def _optional_text(max_length: int, *checks: AfterValidator):
    """Optional text: blank means none; the length limit applies to the text, the checks to a given value."""
    return Annotated[Annotated[str, StringConstraints(max_length=max_length)] | None,
                     BeforeValidator(_blank_to_none), AfterValidator(single_line), *checks]


Street = _optional_text(200)


PostalCode = _optional_text(20)


City = _optional_text(100)


Country = Annotated[str | None, BeforeValidator(_blank_to_none), AfterValidator(_country)]


Phone = _optional_text(40, AfterValidator(_phone))


WebUrl = _optional_text(500, AfterValidator(_web_url))


TimeZone = Annotated[str, BeforeValidator(_zone_or_default), AfterValidator(valid_zone_name)]


Latitude = Annotated[float | None, Field(ge=-90, le=90)]


Longitude = Annotated[float | None, Field(ge=-180, le=180)]
