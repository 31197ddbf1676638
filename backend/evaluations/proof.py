"""Proof of visit: the facts that show a visit took place, and every doubt about them, judged in one place.

A web app cannot prove a position, so doubts are flags for the reviewer, never a rejection. The API, the
review screen and the PDF all read what `assess_visit` found when the evaluation was submitted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

EARTH_RADIUS_M = 6_371_000
MIN_VISIT = timedelta(minutes=3)
MAX_VISIT = timedelta(hours=4)
PHOTO_SLACK = timedelta(minutes=15)
ON_SITE_KINDS = ("store", "branch")


@dataclass(frozen=True)
class PhotoEvidence:
    """One photo of the current revision: which question, its number there (from 1), and what it recorded."""

    question_id: str
    number: int
    taken_at: datetime | None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class VisitFacts:
    """What the visit recorded; every date-time is aware."""

    location_kind: str
    location_position: tuple[float, float] | None
    device_position: tuple[float, float] | None
    visit_started_at: datetime | None
    visit_ended_at: datetime | None
    photos: tuple[PhotoEvidence, ...] = ()
    window: tuple[date, date] | None = None
    """The assignment's date window, on the calendar of `zone`, the location's time zone."""
    zone: tzinfo | None = None


@dataclass(frozen=True)
class VisitFlag:
    """A reason to doubt the visit: a stable code and the numbers a message in any language is made from."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}


@dataclass(frozen=True)
class VisitProof:
    """What the facts show: the device's distance from the location, photos inside the visit, and doubts."""

    distance_m: float | None
    photos_in_visit: int
    photos_total: int
    flags: tuple[VisitFlag, ...]


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def assess_visit(facts: VisitFacts, *, max_distance_m: float) -> VisitProof:
    """Everything the proof of visit says, with every reason to doubt it."""
    flags: list[VisitFlag] = []
    start, end = facts.visit_started_at, facts.visit_ended_at
    window_known = start is not None and end is not None and end >= start
    if start is None or end is None:
        flags.append(VisitFlag("visit_time_missing"))
    elif end < start:
        flags.append(VisitFlag("visit_time_inverted"))
    else:
        length = end - start
        if facts.location_kind in ON_SITE_KINDS and length < MIN_VISIT:
            flags.append(VisitFlag("visit_too_short", {"seconds": int(length.total_seconds())}))
        if length > MAX_VISIT:
            flags.append(VisitFlag("visit_too_long", {"minutes": int(length.total_seconds() // 60)}))
    if start is not None and facts.window is not None and facts.zone is not None:
        day = start.astimezone(facts.zone).date()
        first, last = facts.window
        if not first <= day <= last:
            flags.append(VisitFlag("visit_outside_window", {"day": day.isoformat(), "window_start": first.isoformat(),
                                                            "window_end": last.isoformat()}))
    distance = None
    if facts.device_position is not None and facts.location_position is not None:
        distance = distance_m(*facts.device_position, *facts.location_position)
    on_site = facts.location_kind in ON_SITE_KINDS and facts.location_position is not None
    if on_site:
        if facts.device_position is None:
            flags.append(VisitFlag("position_missing"))
        elif distance > max_distance_m:
            flags.append(VisitFlag("far_from_location", {"distance_m": round(distance)}))
    inside = 0
    for photo in facts.photos:
        which = {"question_id": photo.question_id, "number": photo.number}
        if on_site and photo.latitude is not None and photo.longitude is not None:
            away = distance_m(photo.latitude, photo.longitude, *facts.location_position)
            if away > max_distance_m:
                flags.append(VisitFlag("photo_far_from_location", {**which, "distance_m": round(away)}))
        if photo.taken_at is None or not window_known:
            continue
        if start - PHOTO_SLACK <= photo.taken_at <= end + PHOTO_SLACK:
            inside += 1
        else:
            flags.append(VisitFlag("photo_outside_visit", which))
    return VisitProof(distance_m=distance, photos_in_visit=inside, photos_total=len(facts.photos),
                      flags=tuple(flags))


def format_distance(metres: float, *, language: str) -> str:
    """A distance as people say it: metres below a kilometre, else kilometres (one decimal below 10 km)."""
    if metres < 1000:
        text = f"{round(metres)} m"
    elif metres < 10_000:
        text = f"{metres / 1000:.1f} km"
    else:
        text = f"{round(metres / 1000):,} km"
        text = text.replace(",", ".") if language == "de" else text
        return text
    return text.replace(".", ",") if language == "de" else text


_FLAG_MESSAGES = {
    "visit_time_missing": "The visit start or end time is missing.",
    "visit_time_inverted": "The visit ends before it starts.",
    "visit_too_short": "The visit took only {seconds} s.",
    "visit_too_long": "The visit took {duration}.",
    "visit_outside_window": "The visit on {day} lies outside the assignment's window ({window_start} to {window_end}).",
    "position_missing": "The device sent no position for an on-site visit.",
    "far_from_location": "The device was {distance} from the location.",
    "photo_far_from_location": "Photo {number} of \u201c{question}\u201d was taken {distance} from the location.",
    "photo_outside_visit": "Photo {number} of \u201c{question}\u201d was taken outside the visit.",
}


def flag_message(flag: dict[str, Any], *, question_title) -> str:
    """A flag in English words for the API; `question_title(question_id)` names a photo's question."""
    params = dict(flag.get("params") or {})
    if "distance_m" in params:
        params["distance"] = format_distance(params["distance_m"], language="en")
    if "minutes" in params:
        hours, minutes = divmod(params["minutes"], 60)
        params["duration"] = f"{hours} h {minutes:02d} min"
    if "question_id" in params:
        params["question"] = question_title(params["question_id"])
    template = _FLAG_MESSAGES.get(flag.get("code"))
    try:
        return template.format(**params) if template else str(flag.get("code"))
    except KeyError:
        return str(flag.get("code"))
