"""Whether a tester may still send work for an assignment, and which of a phone's assignments ended.

One home for "may this tester still send work for this assignment": the photo upload, the submission and
the tester's sync all ask here. Flushes, never commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, select

from backend.auth.principal import Principal
from backend.errors import AppError, conflict
from backend.evaluations.models import Evaluation
from backend.fieldwork.lifecycle import Ended, EndedReason, is_expired, previous_holders, submit_until, today_at
from backend.fieldwork.models import Assignment, AssignmentHandover, Location


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
