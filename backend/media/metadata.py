"""Reads how a photo is turned, when and where it was taken, from its EXIF data."""

from __future__ import annotations

import math
import re
import struct
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo

from PIL import ExifTags, Image

_DATE_TIME = re.compile(r"(\d{4})[:-](\d\d)[:-](\d\d)[ T](\d\d):(\d\d):(\d\d)")
_OFFSET = re.compile(r"([+-])(\d\d):(\d\d)")
_SUBSECONDS = re.compile(r"\d+")

# Pillow's EXIF parser reads untrusted bytes and fails in many ways; a broken EXIF block must not
# cost a tester an otherwise good photo, so any of these means "no metadata" (its UserWarning
# too, where warnings are turned into errors).
_EXIF_ERRORS = (
    SyntaxError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    OSError,
    EOFError,
    struct.error,
    ZeroDivisionError,
    OverflowError,
    UserWarning,
)


@dataclass(frozen=True)
class PhotoMetadata:
    """What a photo's EXIF data says about how it is turned, when and where it was taken."""

    orientation: int = 1
    taken_at: datetime | None = None
    gps_latitude: float | None = None
    gps_longitude: float | None = None


def read_metadata(image: Image.Image) -> PhotoMetadata:
    """Return the photo's orientation, capture time and position; defaults where EXIF is absent or broken."""
    try:
        exif = image.getexif()
        exif_ifd = dict(exif.get_ifd(ExifTags.IFD.Exif))
        gps_ifd = dict(exif.get_ifd(ExifTags.IFD.GPSInfo))
        orientation = exif.get(ExifTags.Base.Orientation)
    except _EXIF_ERRORS:
        return PhotoMetadata()
    latitude, longitude = _position(gps_ifd)
    return PhotoMetadata(
        orientation=orientation if isinstance(orientation, int) and 1 <= orientation <= 8 else 1,
        taken_at=_taken_at(exif_ifd),
        gps_latitude=latitude,
        gps_longitude=longitude,
    )


def _taken_at(exif_ifd: dict) -> datetime | None:
    match = _DATE_TIME.fullmatch(_text(exif_ifd.get(ExifTags.Base.DateTimeOriginal)))
    if match is None:
        return None
    subseconds = _SUBSECONDS.fullmatch(_text(exif_ifd.get(ExifTags.Base.SubsecTimeOriginal)))
    microsecond = int(subseconds.group()[:6].ljust(6, "0")) if subseconds else 0
    try:
        taken_at = datetime(*(int(part) for part in match.groups()), microsecond)
    except ValueError:  # "0000:00:00 00:00:00" and other impossible dates
        return None
    offset = _OFFSET.fullmatch(_text(exif_ifd.get(ExifTags.Base.OffsetTimeOriginal)))
    if offset is None:
        return taken_at
    sign = -1 if offset.group(1) == "-" else 1
    delta = timedelta(hours=int(offset.group(2)), minutes=int(offset.group(3)))
    if delta >= timedelta(hours=24):
        return taken_at
    return taken_at.replace(tzinfo=timezone(sign * delta))


def _position(gps_ifd: dict) -> tuple[float | None, float | None]:
    latitude = _coordinate(
        gps_ifd.get(ExifTags.GPS.GPSLatitude), gps_ifd.get(ExifTags.GPS.GPSLatitudeRef), "N", "S", 90.0
    )
    longitude = _coordinate(
        gps_ifd.get(ExifTags.GPS.GPSLongitude), gps_ifd.get(ExifTags.GPS.GPSLongitudeRef), "E", "W", 180.0
    )
    # Half a position is no position.
    if latitude is None or longitude is None:
        return None, None
    return latitude, longitude


def _coordinate(value: object, ref: object, positive: str, negative: str, limit: float) -> float | None:
    if not isinstance(value, tuple) or len(value) != 3:
        return None
    try:
        degrees, minutes, seconds = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    parts = (degrees, minutes, seconds)
    if not all(math.isfinite(part) and part >= 0 for part in parts):  # 0/0 rationals read as NaN
        return None
    magnitude = degrees + minutes / 60 + seconds / 3600
    if magnitude > limit:
        return None
    direction = _text(ref).upper()
    if direction == positive:
        return magnitude
    if direction == negative:
        return -magnitude
    return None


def _text(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("ascii", errors="replace")
    if not isinstance(value, str):
        return ""
    return value.strip("\x00 ")


def capture_instant(exif_taken_at: datetime | None, *, device_captured_at: datetime | None,
                    zone: tzinfo) -> datetime | None:
    """When a photo was taken, in UTC: the camera's EXIF time, else the device's capture time.

    An EXIF time without an offset is the camera's wall clock; the photo is evidence of a visit to the
    location, so that clock is read in the location's time zone.
    """
    if exif_taken_at is None:
        return None if device_captured_at is None else device_captured_at.astimezone(timezone.utc)
    if exif_taken_at.tzinfo is None:
        exif_taken_at = exif_taken_at.replace(tzinfo=zone)
    return exif_taken_at.astimezone(timezone.utc)
