"""The review workflow as a pure state machine: which action leads from which status to which, and when not.

The service applies the outcome (timestamps, the review event); this module knows nothing of the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class EvaluationStatus(str, Enum):
    submitted = "submitted"
    on_hold = "on_hold"
    returned = "returned"
    approved = "approved"
    released = "released"


# action -> (states it may start from, state it leads to)
TRANSITIONS = {
    "approve": ({EvaluationStatus.submitted, EvaluationStatus.on_hold}, EvaluationStatus.approved),
    "hold": ({EvaluationStatus.submitted}, EvaluationStatus.on_hold),
    "return": ({EvaluationStatus.submitted, EvaluationStatus.on_hold, EvaluationStatus.approved},
               EvaluationStatus.returned),
    "release": ({EvaluationStatus.approved}, EvaluationStatus.released),
}
PAST_TENSE = {"approve": "approved", "hold": "held", "return": "returned", "release": "released"}


@dataclass(frozen=True)
class Refusal:
    """Why an action cannot be taken: the HTTP status, a stable code, a sentence, and the fields at fault."""

    status: int
    code: str
    detail: str
    errors: tuple[dict[str, str], ...] = ()


def decide(status: EvaluationStatus, action: str, comment: str | None) -> EvaluationStatus | Refusal:
    """The status the action leads to from `status`, or why it is refused (a return needs a comment)."""
    sources, target = TRANSITIONS[action]
    if status not in sources:
        return Refusal(409, "invalid_transition", f"An evaluation that is {status} cannot be {PAST_TENSE[action]}.")
    if action == "return" and not (comment and comment.strip()):
        return Refusal(422, "comment_required", "Say what the tester must fix: a return needs a comment.",
                       ({"path": "comment", "message": "required when returning"},))
    return target
