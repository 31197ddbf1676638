"""Proof of visit: the shared vectors (also run by the PWA's warning before sending) against `assess_visit`."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from backend.evaluations.proof import PhotoEvidence, VisitFacts, assess_visit

DOCUMENT = json.loads((Path(__file__).parents[1] / "vectors" / "proof_of_visit.json").read_text("utf-8"))
VECTORS = DOCUMENT["vectors"]


def instant(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def visit_facts(facts: dict) -> VisitFacts:
    position = lambda pair: tuple(pair) if pair else None  # noqa: E731
    return VisitFacts(
        location_kind=facts["location_kind"], location_position=position(facts["location_position"]),
        device_position=position(facts["device_position"]), visit_started_at=instant(facts["visit_started_at"]),
        visit_ended_at=instant(facts["visit_ended_at"]),
        photos=tuple(PhotoEvidence(question_id=p["question_id"], number=p["number"], taken_at=instant(p["taken_at"]),
                                   latitude=p.get("latitude"), longitude=p.get("longitude")) for p in facts["photos"]),
        window=tuple(date.fromisoformat(day) for day in facts["window"]) if facts["window"] else None,
        zone=ZoneInfo(facts["zone"]) if facts["zone"] else None)


def test_vector_format_is_known():
    assert DOCUMENT["format"] == 1
    assert len({v["name"] for v in VECTORS}) == len(VECTORS)


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector(vector):
    proof = assess_visit(visit_facts(vector["facts"]), max_distance_m=vector["max_distance_m"])
    expected = vector["expected"]
    assert [flag.as_dict() for flag in proof.flags] == expected["flags"]
    assert (proof.photos_in_visit, proof.photos_total) == (expected["photos_in_visit"], expected["photos_total"])
    if expected["distance_m"] is None:
        assert proof.distance_m is None
    else:
        assert proof.distance_m == pytest.approx(expected["distance_m"], abs=0.05)
