"""An assignment's lifecycle rules: when it expires, who held it before, reinstating and handing it over.

Whether work may still be sent (which needs the evaluation) is backend.evaluations.sending. Flushes, never commits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from sqlmodel import Session, select

from backend.auth.principal import Principal
from backend.errors import not_found
from backend.fieldwork.models import Assignment, AssignmentHandover, Location
from backend.timeutil import local, utcnow


class EndedReason(str, Enum):
    withdrawn = "withdrawn"
    reassigned = "reassigned"
    expired = "expired"


@dataclass(frozen=True)
class Ended:
    assignment: Assignment
    reason: EndedReason
    at: datetime | None
    """when it was withdrawn or taken away; None for an expiry, which is a date (submit_until)."""


def submit_until(window_end: date, grace_days: int) -> date:
    """The last day a first submission is accepted: a visit done in the window may be sent a little later."""
    return window_end + timedelta(days=grace_days)


def is_expired(assignment: Assignment, *, has_evaluation: bool, today: date, grace_days: int) -> bool:
    """Past the grace period with nothing submitted. A returned evaluation never expires: the visit happened."""
    return not has_evaluation and today > submit_until(assignment.window_end, grace_days)


def today_at(location: Location, now: datetime | None = None) -> date:
    """The date on the location's calendar: a window ends when the day ends where the visit is."""
    return local(now or utcnow(), location.time_zone).date()


def previous_holders(session: Session, assignment_ids: Sequence[int]) -> dict[int, set[int]]:
    """The testers each assignment was taken from."""
    holders: dict[int, set[int]] = defaultdict(set)
    if assignment_ids:
        for assignment_id, tester_id in session.exec(
                select(AssignmentHandover.assignment_id, AssignmentHandover.from_tester_id)
                .where(AssignmentHandover.assignment_id.in_(set(assignment_ids)))):
            holders[assignment_id].add(tester_id)
    return holders


def reinstate(*, session: Session, assignment_id: int) -> Assignment:
    assignment = locked_assignment(session, assignment_id)
    if assignment.withdrawn_at is not None:
        assignment.withdrawn_at = None
        session.add(assignment)
        session.flush()
    return assignment


def hand_over(*, session: Session, assignment: Assignment, to_tester_id: int, by: Principal) -> None:
    """Give the assignment to another tester, keeping who it was taken from. The caller checked the tester."""
    if assignment.tester_id == to_tester_id:
        return
    session.add(AssignmentHandover(assignment_id=assignment.id, from_tester_id=assignment.tester_id,
                                   to_tester_id=to_tester_id, by_user_id=by.id))
    assignment.tester_id = to_tester_id
    session.add(assignment)
    session.flush()


def locked_assignment(session: Session, assignment_id: int) -> Assignment:
    """The assignment, locked for a change (no row lock on SQLite, whose writer lock serialises anyway)."""
    assignment = session.exec(select(Assignment).where(Assignment.id == assignment_id).with_for_update()).first()
    if assignment is None:
        raise not_found(f"Assignment {assignment_id}")
    return assignment
