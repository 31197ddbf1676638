"""Assignments: which tester visits which location of a project as which persona, and when. Flushes, never commits."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlmodel import Session, func, select

from backend.auth.models import Role, User
from backend.auth.principal import Principal
from backend.checklists.models import ChecklistVersion
from backend.errors import conflict, invalid, not_found
from backend.evaluations.models import Evaluation
from backend.fieldwork import lifecycle
from backend.fieldwork.lifecycle import locked_assignment
from backend.fieldwork.models import Assignment, Project, ProjectLocation, Wave
from backend.fieldwork.windows import DEFAULT_LOCKOUT_DAYS, AssignmentWindow, lockout_violations
from backend.timeutil import utcnow

AssignmentRow = tuple[Assignment, uuid.UUID | None, str | None]
"""An assignment with its evaluation's id and status (both None while it is open)."""


def _with_evaluation():
    return select(Assignment, Evaluation.id, Evaluation.status).outerjoin(
        Evaluation, Evaluation.assignment_id == Assignment.id)


def list_assignments(
    *, session: Session, project_id: int | None, tester_id: int | None, wave_id: int | None,
    location_id: int | None, status: str | None, limit: int, offset: int,
) -> tuple[list[AssignmentRow], int]:
    query = _with_evaluation()
    for column, value in ((Assignment.project_id, project_id), (Assignment.tester_id, tester_id),
                          (Assignment.wave_id, wave_id), (Assignment.location_id, location_id)):
        if value is not None:
            query = query.where(column == value)
    # Withdrawn assignments stay as rows for the tester's phone, but are out of every plan and count.
    if status == "withdrawn":
        query = query.where(Assignment.withdrawn_at.is_not(None))
    else:
        query = query.where(Assignment.withdrawn_at.is_(None))
    if status == "open":
        query = query.where(Evaluation.id.is_(None))
    elif status not in (None, "withdrawn"):
        query = query.where(Evaluation.status == status)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    page = query.order_by(Assignment.window_start, Assignment.id).offset(offset).limit(limit)
    return [tuple(row) for row in session.exec(page)], total


def get_assignment(*, session: Session, assignment_id: int) -> AssignmentRow:
    row = session.exec(_with_evaluation().where(Assignment.id == assignment_id)).first()
    if row is None:
        raise not_found(f"Assignment {assignment_id}")
    return tuple(row)


def visit_history(session: Session, *, tester_ids: Sequence[int], location_ids: Sequence[int],
                  except_id: int | None = None) -> list[AssignmentWindow]:
    """Every live assignment of these testers at these locations, in any project: what the lockout rule looks at."""
    if not tester_ids or not location_ids:
        return []
    query = select(Assignment).where(Assignment.tester_id.in_(set(tester_ids)),
                                     Assignment.location_id.in_(set(location_ids)), Assignment.withdrawn_at.is_(None))
    if except_id is not None:
        query = query.where(Assignment.id != except_id)
    rows = session.exec(query)
    return [AssignmentWindow(a.tester_id, a.location_id, a.window_start, a.window_end) for a in rows]


def create_assignment(
    *, session: Session, project_id: int, location_id: int, persona: str, tester_id: int, wave_id: int | None,
    window_start: date, window_end: date, lockout_days: int = DEFAULT_LOCKOUT_DAYS,
) -> Assignment:
    project = session.get(Project, project_id)
    if project is None:
        raise invalid([{"path": "project_id", "message": f"there is no project {project_id}"}])
    errors = []
    if session.get(ProjectLocation, (project.id, location_id)) is None:
        errors.append({"path": "location_id",
                       "message": f"location {location_id} is not one of the project's locations"})
    definition = session.get(ChecklistVersion, project.checklist_version_id).definition
    personas = [p["id"] for p in definition.get("personas", [])]
    if persona not in personas:
        errors.append({"path": "persona",
                       "message": f"the checklist has no persona {persona!r}; it knows: {', '.join(personas)}"})
    if problem := _tester_problem(session, tester_id):
        errors.append(problem)
    if wave_id is not None:
        wave = session.get(Wave, wave_id)
        if wave is None or wave.project_id != project.id:
            errors.append({"path": "wave_id", "message": f"wave {wave_id} is not a wave of this project"})
    if errors:
        raise invalid(errors)
    _check_lockout(session, AssignmentWindow(tester_id, location_id, window_start, window_end),
                   lockout_days=lockout_days)
    assignment = Assignment(project_id=project.id, location_id=location_id, persona=persona, tester_id=tester_id,
                            wave_id=wave_id, window_start=window_start, window_end=window_end)
    session.add(assignment)
    session.flush()
    return assignment


def _tester_problem(session: Session, tester_id: int) -> dict[str, str] | None:
    tester = session.get(User, tester_id)
    if tester is None or tester.role != Role.tester or not tester.is_active:
        return {"path": "tester_id", "message": f"user {tester_id} is not an active tester"}
    return None


def _check_lockout(session: Session, visit: AssignmentWindow, *, lockout_days: int,
                   except_id: int | None = None) -> None:
    history = visit_history(session, tester_ids=[visit.tester_id], location_ids=[visit.location_id],
                            except_id=except_id)
    violations = lockout_violations(visits=[visit], history=history, lockout_days=lockout_days)
    if violations:
        clash = violations[0][1]
        raise invalid([{"path": "tester_id",
                        "message": f"the tester visits location {visit.location_id} within {lockout_days} days of "
                                   f"another visit there ({clash.window_start.isoformat()} to "
                                   f"{clash.window_end.isoformat()}); choose another tester or a smaller lockout_days"}])


def update_assignment(*, session: Session, principal: Principal, assignment_id: int, changes: dict) -> Assignment:
    """Reassign (tester_id, keeping who it was taken from), move the window, withdraw or reinstate."""
    assignment = lifecycle.locked_assignment(session, assignment_id)
    if changes.get("withdrawn") is True:
        return withdraw(session=session, assignment_id=assignment.id)
    if changes.get("withdrawn") is False:
        lifecycle.reinstate(session=session, assignment_id=assignment.id)
    moves = {key: changes[key] for key in ("tester_id", "window_start", "window_end") if key in changes}
    if not moves:
        return assignment
    if assignment.withdrawn_at is not None:
        raise conflict("assignment_withdrawn", "The assignment is withdrawn; reinstate it (withdrawn: false) "
                       "before giving it to a tester or moving it.")
    if session.exec(select(Evaluation.id).where(Evaluation.assignment_id == assignment.id)).first() is not None:
        raise conflict("assignment_has_evaluation", "The assignment has an evaluation by its tester; it cannot be "
                       "given to someone else or moved now.")
    tester_id = moves.get("tester_id", assignment.tester_id)
    window_start = moves.get("window_start", assignment.window_start)
    window_end = moves.get("window_end", assignment.window_end)
    if window_end < window_start:
        raise invalid([{"path": "window_end", "message": "The window cannot end before it starts."}])
    if "tester_id" in moves and (problem := _tester_problem(session, tester_id)):
        raise invalid([problem])
    _check_lockout(session, AssignmentWindow(tester_id, assignment.location_id, window_start, window_end),
                   lockout_days=changes.get("lockout_days", DEFAULT_LOCKOUT_DAYS), except_id=assignment.id)
    assignment.window_start, assignment.window_end = window_start, window_end
    lifecycle.hand_over(session=session, assignment=assignment, to_tester_id=tester_id, by=principal)
    session.add(assignment)
    session.flush()
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
