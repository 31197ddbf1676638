"""Time: aware UTC in storage and in the API; a location's or viewer's zone only where a person reads it."""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import AfterValidator, AwareDatetime
from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def to_utc(value: datetime) -> datetime:
    """The same instant with UTC as its zone; a naive value has no instant and is refused."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{value.isoformat()} has no UTC offset")
    return value.astimezone(timezone.utc)


class UTCDateTime(TypeDecorator):
    """One column type for every date-time: stores and returns aware UTC on SQLite and PostgreSQL alike.

    SQLite keeps no offset (it would store the wall-clock digits of whatever zone it is given), so values
    are converted to UTC before they are bound and marked UTC when they are read.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        utc = to_utc(value)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


# In request bodies: an offset is required (a naive time names no instant), and the value is kept as UTC,
# so that the stored value, the answer to the write and the answer to a replay are the same bytes.
UtcDatetime = Annotated[AwareDatetime, AfterValidator(to_utc)]


def zone(name: str) -> ZoneInfo:
    """The IANA time zone of that name; ValueError for a name the zone database does not know."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"{name!r} is not an IANA time zone such as Europe/Berlin") from exc


def valid_zone_name(name: str) -> str:
    """Pydantic validator: the name of a known IANA time zone."""
    if name not in _zone_names():
        raise ValueError(f"{name!r} is not an IANA time zone such as Europe/Berlin")
    return name


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


ZoneName = Annotated[str, AfterValidator(valid_zone_name)]


def local(value: datetime | None, zone_name: str) -> datetime | None:
    """An aware instant as the wall clock of the zone shows it, for a person to read."""
    return None if value is None else value.astimezone(zone(zone_name))
