"""Proof of visit: flags a doubtful visit for the reviewer, never rejects it (a web app cannot prove a position)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

EARTH_RADIUS_M = 6_371_000
MIN_VISIT = timedelta(minutes=3)
MAX_VISIT = timedelta(hours=4)
PHOTO_SLACK = timedelta(minutes=15)
# EXIF times without an offset are local times of an unknown zone: only a different day is caught.
NAIVE_PHOTO_SLACK = PHOTO_SLACK + timedelta(hours=14)
ON_SITE_KINDS = ("store", "branch")


@dataclass(frozen=True)
class PhotoEvidence:
    photo_id: str
    taken_at: datetime | None
    latitude: float | None
    longitude: float | None


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def visit_flags(
    *,
    location_kind: str,
    location_position: tuple[float, float] | None,
    device_position: tuple[float, float] | None,
    visit_started_at: datetime | None,
    visit_ended_at: datetime | None,
    photos: list[PhotoEvidence],
    max_distance_m: float,
) -> list[dict[str, str]]:
    """Every reason to doubt a visit, as {code, message}."""
    flags: list[dict[str, str]] = []

    def flag(code: str, message: str) -> None:
        flags.append({"code": code, "message": message})

    if visit_started_at is None or visit_ended_at is None:
        flag("visit_time_missing", "The visit start or end time is missing.")
    elif visit_ended_at < visit_started_at:
        flag("visit_time_inverted", "The visit ends before it starts.")
    else:
        length = visit_ended_at - visit_started_at
        if location_kind in ON_SITE_KINDS and length < MIN_VISIT:
            flag("visit_too_short", f"The visit took only {int(length.total_seconds())} s.")
        if length > MAX_VISIT:
            flag("visit_too_long", f"The visit took {length.total_seconds() / 3600:.1f} h.")
    if location_kind in ON_SITE_KINDS and location_position is not None:
        if device_position is None:
            flag("position_missing", "The device sent no position for an on-site visit.")
        else:
            distance = distance_m(*device_position, *location_position)
            if distance > max_distance_m:
                flag("far_from_location", f"The device was {distance:,.0f} m from the location.")
        for photo in photos:
            if photo.latitude is None or photo.longitude is None:
                continue
            distance = distance_m(photo.latitude, photo.longitude, *location_position)
            if distance > max_distance_m:
                flag("photo_far_from_location", f"Photo {photo.photo_id} was taken {distance:,.0f} m away.")
    if visit_started_at and visit_ended_at and visit_ended_at >= visit_started_at:
        for photo in photos:
            if photo.taken_at is None:
                continue
            slack = PHOTO_SLACK if photo.taken_at.tzinfo else NAIVE_PHOTO_SLACK
            taken = photo.taken_at if photo.taken_at.tzinfo else photo.taken_at.replace(tzinfo=visit_started_at.tzinfo)
            if not (visit_started_at - slack <= taken <= visit_ended_at + slack):
                flag("photo_outside_visit", f"Photo {photo.photo_id} was taken outside the visit window.")
    return flags
