"""The pure planner: the lockout holds, visits spread evenly, personas rotate, the same input gives the same plan."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest

from backend.fieldwork.windows import AssignmentWindow, lockout_violations, too_close
from backend.planning.lines import parse_assignment_lines, parse_date
from backend.planning.rules import Slot, plan_assignments, rotated_slots
from backend.tables import CsvImportError

Q3 = (date(2026, 7, 1), date(2026, 8, 31))
PERSONAS = ["young", "business", "senior"]


def windows_apart(days: int) -> tuple[tuple[date, date], tuple[date, date]]:
    """Two windows of ten days, the second starting `days` after the first ends."""
    first = (date(2026, 1, 1), date(2026, 1, 10))
    start = first[1] + timedelta(days=days)
    return first, (start, start + timedelta(days=9))


@pytest.mark.parametrize("gap, locked", [(-5, True), (0, True), (1, True), (89, True), (90, False), (200, False)])
def test_the_lockout_counts_from_the_end_of_one_window_to_the_start_of_the_next(gap, locked):
    first, second = windows_apart(gap)
    assert too_close(first, second, lockout_days=90) is locked
    assert too_close(second, first, lockout_days=90) is locked


def test_a_lockout_of_zero_days_allows_everything():
    first, second = windows_apart(-5)
    assert not too_close(first, second, lockout_days=0)


def test_every_location_gets_every_persona_by_default_each_from_another_start():
    slots = rotated_slots(location_ids=[1, 2, 3], personas=PERSONAS)
    assert Counter(slot.location_id for slot in slots) == {1: 3, 2: 3, 3: 3}
    assert all({s.persona for s in slots if s.location_id == loc} == set(PERSONAS) for loc in (1, 2, 3))
    assert [next(s.persona for s in slots if s.location_id == loc) for loc in (1, 2, 3)] == PERSONAS


def test_the_visits_no_tester_can_take_fall_on_every_persona_in_turn():
    slots = rotated_slots(location_ids=[1, 2, 3], personas=PERSONAS)
    plan = plan_assignments(slots=slots, tester_ids=[10, 11], window=Q3)
    assert sorted(slot.persona for slot in plan.unstaffed) == sorted(PERSONAS)


def test_personas_rotate_over_locations_and_waves():
    one_each = rotated_slots(location_ids=[1, 2, 3, 4, 5, 6], personas=PERSONAS, visits_per_location=1)
    assert [slot.persona for slot in one_each] == PERSONAS * 2
    next_wave = rotated_slots(location_ids=[1, 2, 3], personas=PERSONAS, visits_per_location=1, rotation=1)
    assert [slot.persona for slot in next_wave] == ["business", "senior", "young"]
    two_each = rotated_slots(location_ids=[1, 2, 3], personas=PERSONAS, visits_per_location=2)
    assert Counter(slot.persona for slot in two_each) == {"young": 2, "business": 2, "senior": 2}
    assert all(len({s.persona for s in two_each if s.location_id == loc}) == 2 for loc in (1, 2, 3))


def test_visits_spread_evenly_over_testers():
    slots = rotated_slots(location_ids=list(range(1, 8)), personas=PERSONAS)
    plan = plan_assignments(slots=slots, tester_ids=[10, 11, 12, 13], window=Q3)
    assert not plan.unstaffed
    loads = Counter(item.tester_id for item in plan.planned)
    assert sorted(loads) == [10, 11, 12, 13]
    assert max(loads.values()) - min(loads.values()) <= 1


def test_the_existing_load_of_the_wave_counts_when_spreading():
    slots = rotated_slots(location_ids=[1, 2, 3, 4], personas=["young"])
    plan = plan_assignments(slots=slots, tester_ids=[10, 11], window=Q3, load={10: 4})
    assert [item.tester_id for item in plan.planned] == [11, 11, 11, 11]


def test_each_tester_plays_the_personas_in_turn():
    slots = rotated_slots(location_ids=list(range(1, 7)), personas=PERSONAS)
    plan = plan_assignments(slots=slots, tester_ids=[10, 11, 12], window=Q3)
    per_tester = {tester: Counter(i.persona for i in plan.planned if i.tester_id == tester) for tester in (10, 11, 12)}
    for counts in per_tester.values():
        assert set(counts) == set(PERSONAS), per_tester
        assert max(counts.values()) - min(counts.values()) <= 1


def test_no_tester_visits_a_location_twice_within_the_lockout():
    slots = rotated_slots(location_ids=[1, 2], personas=PERSONAS)
    plan = plan_assignments(slots=slots, tester_ids=[10, 11], window=Q3, lockout_days=90)
    by_place = Counter((item.tester_id, item.location_id) for item in plan.planned)
    assert max(by_place.values()) == 1
    # Three personas per location, two testers: the third visit of each location cannot be staffed.
    assert [(slot.location_id, slot.reason) for slot in plan.unstaffed] == [(1, "lockout"), (2, "lockout")]


def test_earlier_visits_in_any_project_lock_a_tester_out():
    history = [AssignmentWindow(10, 1, date(2026, 5, 1), date(2026, 5, 31)),  # 31 days before Q3: locked
               AssignmentWindow(11, 1, date(2026, 1, 1), date(2026, 1, 31))]  # 151 days before: fine
    plan = plan_assignments(slots=[Slot(1, "young")], tester_ids=[10, 11], window=Q3, history=history)
    assert [(item.tester_id, item.location_id) for item in plan.planned] == [(11, 1)]
    locked = plan_assignments(slots=[Slot(1, "young")], tester_ids=[10], window=Q3, history=history)
    assert not locked.planned and locked.unstaffed[0].reason == "lockout"
    assert plan_assignments(slots=[Slot(1, "young")], tester_ids=[10], window=Q3, history=history,
                            lockout_days=30).planned


def test_without_testers_every_slot_is_reported_as_unstaffed():
    plan = plan_assignments(slots=rotated_slots(location_ids=[1], personas=PERSONAS), tester_ids=[], window=Q3)
    assert [slot.reason for slot in plan.unstaffed] == ["no_tester"] * 3


def test_slots_the_wave_already_has_are_left_alone():
    plan = plan_assignments(slots=rotated_slots(location_ids=[1, 2], personas=["young"]), tester_ids=[10],
                            window=Q3, taken=[Slot(1, "young")])
    assert plan.already_assigned == (Slot(1, "young"),)
    assert [(i.location_id, i.tester_id) for i in plan.planned] == [(2, 10)]


def test_the_same_input_gives_the_same_plan():
    rng = random.Random(7)
    history = [AssignmentWindow(rng.randint(1, 8), rng.randint(1, 20), date(2026, 6, 1), date(2026, 6, 30)) for _ in range(30)]
    slots = rotated_slots(location_ids=list(range(1, 21)), personas=PERSONAS, visits_per_location=2, rotation=1)
    plans = [plan_assignments(slots=slots, tester_ids=list(range(1, 9)), window=Q3, history=list(history))
             for _ in range(3)]
    assert plans[0] == plans[1] == plans[2]
    # And the lockout holds against the history in a busy plan too.
    violations = lockout_violations(
        visits=[AssignmentWindow(i.tester_id, i.location_id, *Q3) for i in plans[0].planned], history=history)
    assert violations == []


def test_a_planned_visit_that_breaks_the_lockout_is_named_with_what_it_clashes_with():
    stored = AssignmentWindow(10, 1, date(2026, 6, 1), date(2026, 6, 30))
    new = [AssignmentWindow(10, 1, *Q3), AssignmentWindow(11, 1, *Q3), AssignmentWindow(11, 1, date(2026, 9, 1), date(2026, 9, 10))]
    assert lockout_violations(visits=new, history=[stored]) == [(0, stored), (2, new[1])]


def test_assignment_lines_are_read_with_german_headers_and_dates():
    data = ("Standort;Persona;E-Mail;Von;Bis;Welle\n"
            "TM-01;young;Tom@Example.org;01.07.2026;2026-08-31;2026-Q3\n"
            "\n"
            "TM-02;business;tina@example.org;2026-07-01;2026-08-31;\n").encode()
    lines = parse_assignment_lines(data)
    assert [(line.row, line.location_code, line.tester_email, line.window_start, line.wave) for line in lines] == [
        (2, "TM-01", "tom@example.org", date(2026, 7, 1), "2026-Q3"),
        (4, "TM-02", "tina@example.org", date(2026, 7, 1), None)]


def test_every_broken_assignment_line_is_reported_with_row_and_column():
    data = ("location_code,persona,tester_email,window_start,window_end\n"
            "TM-01,,tom@example.org,2026-07-01,2026-06-01\n"
            "TM-02,young,not-an-email,31.02.2026,2026-08-31\n").encode()
    with pytest.raises(CsvImportError) as caught:
        parse_assignment_lines(data)
    assert [(e.row, e.column) for e in caught.value.errors] == [
        (2, "persona"), (2, "window_end"), (3, "tester_email"), (3, "window_start")]


def test_an_unknown_or_missing_column_is_refused():
    with pytest.raises(CsvImportError) as caught:
        parse_assignment_lines(b"location_code,persona,colour\nA,b,c\n")
    assert {e.column for e in caught.value.errors} == {"colour", "tester_email", "window_start", "window_end"}


@pytest.mark.parametrize("text, expected", [("2026-07-01", date(2026, 7, 1)), ("1.7.2026", date(2026, 7, 1)),
                                            ("2026-7-1", None), ("31.02.2026", None), ("tomorrow", None)])
def test_dates_are_iso_or_german(text, expected):
    assert parse_date(text) == expected
