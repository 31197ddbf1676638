"""Proof of visit, judged by one pure function: every flag, its params, and what the PDF reads from it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from backend.evaluations.proof import (
    PhotoEvidence, VisitFacts, VisitFlag, assess_visit, distance_m, flag_message, format_distance,
)

STORE = (52.52, 13.405)
START = datetime(2026, 12, 3, 16, 53, tzinfo=timezone.utc)
END = START + timedelta(minutes=20)


def facts(**changes) -> VisitFacts:
    values = dict(location_kind="store", location_position=STORE, device_position=(52.5201, 13.4051),
                  visit_started_at=START, visit_ended_at=END, photos=())
    values.update(changes)
    return VisitFacts(**values)


def codes(proof) -> list[str]:
    return [flag.code for flag in proof.flags]


def test_a_plain_visit_raises_no_doubt():
    proof = assess_visit(facts(photos=(PhotoEvidence("window", 1, START + timedelta(minutes=5)),)),
                         max_distance_m=500)

    assert proof.flags == ()
    assert proof.distance_m == pytest.approx(13.3, abs=0.5)
    assert (proof.photos_in_visit, proof.photos_total) == (1, 1)


@pytest.mark.parametrize(("changes", "expected"), [
    ({"visit_started_at": None}, [VisitFlag("visit_time_missing")]),
    ({"visit_ended_at": None}, [VisitFlag("visit_time_missing")]),
    ({"visit_ended_at": START - timedelta(seconds=1)}, [VisitFlag("visit_time_inverted")]),
    ({"visit_ended_at": START + timedelta(seconds=18)}, [VisitFlag("visit_too_short", {"seconds": 18})]),
    ({"visit_ended_at": START + timedelta(hours=5, minutes=7)}, [VisitFlag("visit_too_long", {"minutes": 307})]),
    ({"device_position": None}, [VisitFlag("position_missing")]),
    ({"device_position": (48.137, 11.575)}, [VisitFlag("far_from_location", {"distance_m": 504_220})]),
])
def test_each_doubt_has_its_code_and_params(changes, expected):
    proof = assess_visit(facts(**changes), max_distance_m=500)

    assert [f.code for f in proof.flags] == [f.code for f in expected]
    for found, wanted in zip(proof.flags, expected):
        for key, value in wanted.params.items():
            assert found.params[key] == pytest.approx(value, rel=0.001)


def test_short_visits_and_positions_matter_only_on_site():
    for kind in ("hotline", "website"):
        proof = assess_visit(facts(location_kind=kind, device_position=None,
                                   visit_ended_at=START + timedelta(seconds=30)), max_distance_m=500)
        assert proof.flags == ()


def test_a_location_without_coordinates_cannot_be_far():
    proof = assess_visit(facts(location_position=None, device_position=(0.0, 0.0)), max_distance_m=500)

    assert proof.flags == () and proof.distance_m is None


def test_photos_are_named_by_question_and_number():
    photos = (
        PhotoEvidence("window", 1, START + timedelta(minutes=1)),
        PhotoEvidence("window", 2, END + timedelta(minutes=16)),
        PhotoEvidence("shelf", 1, START - timedelta(minutes=14), latitude=48.137, longitude=11.575),
        PhotoEvidence("shelf", 2, None),
    )

    proof = assess_visit(facts(photos=photos), max_distance_m=500)

    assert [(f.code, f.params.get("question_id"), f.params.get("number")) for f in proof.flags] == [
        ("photo_outside_visit", "window", 2), ("photo_far_from_location", "shelf", 1)]
    assert (proof.photos_in_visit, proof.photos_total) == (2, 4)


def test_photo_times_are_not_judged_without_a_visit_window():
    photos = (PhotoEvidence("window", 1, START - timedelta(days=3)),)

    proof = assess_visit(facts(visit_ended_at=None, photos=photos), max_distance_m=500)

    assert codes(proof) == ["visit_time_missing"] and proof.photos_in_visit == 0


def test_the_window_slack_is_fifteen_minutes_each_side():
    at = (START - timedelta(minutes=15), END + timedelta(minutes=15), END + timedelta(minutes=15, seconds=1))
    photos = tuple(PhotoEvidence("window", n, t) for n, t in enumerate(at, start=1))

    proof = assess_visit(facts(photos=photos), max_distance_m=500)

    assert [f.params["number"] for f in proof.flags] == [3]


@pytest.mark.parametrize(("metres", "de", "en"), [
    (13.4, "13 m", "13 m"), (999.4, "999 m", "999 m"), (1234, "1,2 km", "1.2 km"),
    (9_949, "9,9 km", "9.9 km"), (504_220, "504 km", "504 km"), (1_234_567, "1.235 km", "1,235 km"),
])
def test_distances_say_metres_or_kilometres(metres, de, en):
    assert format_distance(metres, language="de") == de
    assert format_distance(metres, language="en") == en


def test_flag_messages_name_the_question_never_a_uuid():
    titles = {"window": "Photo of the shop window"}.get

    assert flag_message({"code": "photo_outside_visit", "params": {"question_id": "window", "number": 2}},
                        question_title=titles) == "Photo 2 of \u201cPhoto of the shop window\u201d was taken outside the visit."
    assert flag_message({"code": "visit_too_long", "params": {"minutes": 307}}, question_title=titles) == \
        "The visit took 5 h 07 min."
    assert flag_message({"code": "far_from_location", "params": {"distance_m": 850}}, question_title=titles) == \
        "The device was 850 m from the location."


def test_distance_is_symmetric_and_zero_on_the_spot():
    assert distance_m(*STORE, *STORE) == 0
    assert distance_m(52.52, 13.405, 48.137, 11.575) == pytest.approx(distance_m(48.137, 11.575, 52.52, 13.405))


def test_a_visit_outside_the_assignment_window_is_doubted_on_the_location_calendar():
    from datetime import date
    from zoneinfo import ZoneInfo

    window = (date(2026, 12, 1), date(2026, 12, 3))
    late_evening = datetime(2026, 12, 3, 22, 30, tzinfo=timezone.utc)  # 23:30 in Berlin, still the 3rd

    inside = assess_visit(facts(visit_started_at=late_evening, visit_ended_at=late_evening + timedelta(minutes=10),
                                window=window, zone=ZoneInfo("Europe/Berlin")), max_distance_m=500)
    outside = assess_visit(facts(visit_started_at=late_evening, visit_ended_at=late_evening + timedelta(minutes=10),
                                 window=window, zone=ZoneInfo("Asia/Tokyo")), max_distance_m=500)

    assert codes(inside) == []
    assert outside.flags == (VisitFlag("visit_outside_window", {
        "day": "2026-12-04", "window_start": "2026-12-01", "window_end": "2026-12-03"}),)
    assert flag_message(outside.flags[0].as_dict(), question_title=str) == \
        "The visit on 2026-12-04 lies outside the assignment's window (2026-12-01 to 2026-12-03)."
