"""How an assignment ends for its tester: withdrawn, reassigned or expired, and whether work may still be sent.

One home for "may this tester still send work for this assignment": the photo upload, the submission and
the tester's sync all ask here. Flushes, never commits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from sqlmodel import Session, select

from backend.auth.principal import Principal
from backend.errors import AppError, conflict, not_found
from backend.evaluations.models import Evaluation
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


def ended_for_tester(
    *, session: Session, tester_id: int, assignment_ids: Sequence[int], now: datetime, grace_days: int,
) -> list[Ended]:
    """Which of these assignments (ids a phone holds) ended for this tester, and why.

    Ids the tester never held are left out, so the answer tells nothing about other testers' work.
    """
    ids = sorted(set(assignment_ids))
    if not ids:
        return []
    rows = session.exec(select(Assignment, Location, Evaluation.id)
                        .join(Location, Location.id == Assignment.location_id)
                        .outerjoin(Evaluation, Evaluation.assignment_id == Assignment.id)
                        .where(Assignment.id.in_(ids)).order_by(Assignment.id)).all()
    taken = {assignment_id: at for assignment_id, at in session.exec(
        select(AssignmentHandover.assignment_id, AssignmentHandover.handed_over_at)
        .where(AssignmentHandover.assignment_id.in_(ids), AssignmentHandover.from_tester_id == tester_id)
        .order_by(AssignmentHandover.id))}
    ended = []
    for assignment, location, evaluation_id in rows:
        if assignment.tester_id != tester_id:
            if assignment.id in taken:
                ended.append(Ended(assignment, EndedReason.reassigned, taken[assignment.id]))
        elif assignment.withdrawn_at is not None:
            ended.append(Ended(assignment, EndedReason.withdrawn, assignment.withdrawn_at))
        elif is_expired(assignment, has_evaluation=evaluation_id is not None, today=today_at(location, now),
                        grace_days=grace_days):
            ended.append(Ended(assignment, EndedReason.expired, None))
    return ended


def assignment_to_send(
    *, session: Session, principal: Principal, assignment_id: int, grace_days: int, admit_expired: bool = False,
) -> Assignment:
    """The caller's assignment if work for it may still be sent; otherwise a problem saying why not.

    `admit_expired` is for an admin's import of work done in time but refused late.
    """
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise AppError(403, "assignment_not_yours", f"Assignment {assignment_id} is not assigned to you.")
    if assignment.tester_id != principal.id:
        if principal.id in previous_holders(session, [assignment.id])[assignment.id]:
            raise conflict("assignment_reassigned",
                           f"Assignment {assignment_id} was given to another tester; save the work as a file "
                           "for the agency, which can import it.", assignment_id=assignment_id)
        raise AppError(403, "assignment_not_yours", f"Assignment {assignment_id} is not assigned to you.")
    if assignment.withdrawn_at is not None:
        raise conflict("assignment_withdrawn",
                       f"The agency withdrew assignment {assignment_id}; save the work as a file for the agency, "
                       "which can import it.", assignment_id=assignment_id)
    if not admit_expired:
        has_evaluation = session.exec(select(Evaluation.id).where(Evaluation.assignment_id == assignment.id)).first()
        today = today_at(session.get(Location, assignment.location_id))
        if is_expired(assignment, has_evaluation=has_evaluation is not None, today=today, grace_days=grace_days):
            last = submit_until(assignment.window_end, grace_days)
            raise conflict("assignment_expired",
                           f"Assignment {assignment_id} ended on {assignment.window_end.isoformat()} and took "
                           f"submissions until {last.isoformat()}; save the work as a file for the agency.",
                           assignment_id=assignment_id, submit_until=last.isoformat())
    return assignment


def withdraw(*, session: Session, assignment_id: int) -> Assignment:
    """Withdraw an assignment nobody has submitted yet; the row stays so the tester's phone learns of it.

    A tester may already have started (photos uploaded): the phone is told on its next sync and keeps the work.
    Withdrawing again changes nothing.
    """
    assignment = locked_assignment(session, assignment_id)
    if session.exec(select(Evaluation.id).where(Evaluation.assignment_id == assignment.id)).first() is not None:
        raise conflict("assignment_has_evaluation",
                       "The assignment has an evaluation; it stays as the record of that visit.")
    if assignment.withdrawn_at is None:
        assignment.withdrawn_at = utcnow()
        session.add(assignment)
        session.flush()
    return assignment


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
