"""The review state machine, pure and exhaustive: every status, every action, with and without a comment."""

from __future__ import annotations

import itertools

import pytest

from backend.evaluations.review import EvaluationStatus, Refusal, decide

S = EvaluationStatus
# Written out by hand from the workflow (DOMAIN.md), not derived from the code under test.
ALLOWED = {
    ("approve", S.submitted): S.approved,
    ("approve", S.on_hold): S.approved,
    ("hold", S.submitted): S.on_hold,
    ("return", S.submitted): S.returned,
    ("return", S.on_hold): S.returned,
    ("return", S.approved): S.returned,
    ("release", S.approved): S.released,
}
ACTIONS = ("approve", "hold", "return", "release")
COMMENTS = (None, "", "   ", "Photo of the entrance is missing.")


@pytest.mark.parametrize(("action", "status", "comment"), list(itertools.product(ACTIONS, S, COMMENTS)))
def test_every_action_from_every_status(action, status, comment):
    outcome = decide(status, action, comment)
    target = ALLOWED.get((action, status))
    if target is None:
        assert outcome == Refusal(409, "invalid_transition", outcome.detail)
        assert status.value in outcome.detail
    elif action == "return" and not (comment and comment.strip()):
        assert isinstance(outcome, Refusal)
        assert (outcome.status, outcome.code) == (422, "comment_required")
        assert outcome.errors == ({"path": "comment", "message": "required when returning"},)
    else:
        assert outcome is target


def test_nothing_leaves_released_and_returned_work_waits_for_the_tester():
    for action, status in itertools.product(ACTIONS, (S.released, S.returned)):
        assert isinstance(decide(status, action, "a comment"), Refusal)


def test_every_status_but_submitted_is_reached_by_exactly_the_listed_paths():
    reached = {decide(status, action, "a comment") for action, status in itertools.product(ACTIONS, S)}
    assert {r for r in reached if not isinstance(r, Refusal)} == {S.approved, S.on_hold, S.returned, S.released}
