"""One state per assignment card (pwa/js/assignment_state.js), for every combination a phone can hold."""

from __future__ import annotations

import pytest

WINDOW = {"window_start": "2026-12-01", "window_end": "2026-12-07", "submit_until": "2026-12-14"}
RETURNED = {"evaluation": {"status": "returned", "revision": 1}}
DRAFT = {"answers": {"q1": {"value": True}}, "visit_started_at": None}
OPENED = {"answers": {}, "visit_started_at": None}  # the tester only looked
ITEM = lambda status, revision=1: {"status": status, "server": {"revision": revision}}  # noqa: E731

CASES = [
    ("new", {}, None, None, "2026-12-03"),
    ("opened but untouched is still new", {}, OPENED, None, "2026-12-03"),
    ("in_progress", {}, DRAFT, None, "2026-12-03"),
    ("upcoming", {}, None, None, "2026-11-30"),
    ("overdue, not new", {}, None, None, "2026-12-08"),
    ("overdue beats in progress", {}, DRAFT, None, "2026-12-08"),
    ("returned, not new", RETURNED, None, None, "2026-12-03"),
    ("returned beats overdue", RETURNED, DRAFT, None, "2026-12-20"),
    ("the returned revision's old sent item is no correction", RETURNED, None, ITEM("sent", 1), "2026-12-03"),
    ("a sent correction is sent", RETURNED, None, ITEM("sent", 2), "2026-12-03"),
    ("sent", {}, None, ITEM("sent"), "2026-12-03"),
    ("waiting", {}, DRAFT, ITEM("pending"), "2026-12-20"),
    ("blocked waits too", {}, None, ITEM("blocked"), "2026-12-03"),
    ("refused", RETURNED, None, ITEM("set_aside"), "2026-12-03"),
    ("ended beats everything", {"ended": {"reason": "withdrawn"}}, DRAFT, ITEM("pending"), "2026-12-03"),
]
EXPECTED = ["new", "new", "in_progress", "upcoming", "overdue", "overdue", "returned", "returned", "returned", "sent",
            "sent", "waiting", "waiting", "refused", "ended"]

STATES = """async (cases) => {
  const { assignmentState, todayAt } = await import("/pwa/js/assignment_state.js");
  const states = cases.map(([, assignment, draft, outboxItem, today]) => assignmentState(assignment, { draft, outboxItem, today }).kind);
  // 23:30 UTC on 7 December is already the 8th in Berlin, still the 7th in New York.
  const now = new Date("2026-12-07T23:30:00Z");
  return { states, berlin: todayAt({ time_zone: "Europe/Berlin" }, now), newYork: todayAt({ time_zone: "America/New_York" }, now) };
}"""


@pytest.fixture(scope="module")
def results(browser, repo_server) -> dict:
    page = browser.new_page()
    page.goto(f"{repo_server}/tests/vectors/README.md")
    cases = [[name, {**WINDOW, **assignment}, draft, item, today] for name, assignment, draft, item, today in CASES]
    found = page.evaluate(STATES, cases)
    page.close()
    return found


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c[0] for c in CASES])
def test_state(results, index):
    assert results["states"][index] == EXPECTED[index]


def test_today_is_on_the_location_calendar(results):
    assert (results["berlin"], results["newYork"]) == ("2026-12-08", "2026-12-07")
