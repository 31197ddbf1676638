"""Assignments: which tester visits which location of a project as which persona, and when. Flushes, never commits."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlmodel import Session, func, select

from backend.auth.models import Role, User
from backend.checklists.models import ChecklistVersion
from backend.errors import conflict, not_found
from backend.evaluations.models import Evaluation
from backend.fieldwork import planning
from backend.fieldwork.models import Assignment, Project, ProjectLocation, Wave
from backend.fieldwork.service import invalid
from backend.media.models import Photo

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
    if status == "open":
        query = query.where(Evaluation.id.is_(None))
    elif status is not None:
        query = query.where(Evaluation.status == status)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    page = query.order_by(Assignment.window_start, Assignment.id).offset(offset).limit(limit)
    return [tuple(row) for row in session.exec(page)], total


def get_assignment(*, session: Session, assignment_id: int) -> AssignmentRow:
    row = session.exec(_with_evaluation().where(Assignment.id == assignment_id)).first()
    if row is None:
        raise not_found(f"Assignment {assignment_id}")
    return tuple(row)


def visit_history(session: Session, *, tester_ids: Sequence[int], location_ids: Sequence[int]) -> list[planning.Visit]:
    """Every assignment of these testers at these locations, in any project: what the lockout rule looks at."""
    if not tester_ids or not location_ids:
        return []
    rows = session.exec(select(Assignment).where(Assignment.tester_id.in_(set(tester_ids)),
                                                 Assignment.location_id.in_(set(location_ids))))
    return [planning.Visit(a.tester_id, a.location_id, a.window_start, a.window_end) for a in rows]


def create_assignment(
    *, session: Session, project_id: int, location_id: int, persona: str, tester_id: int, wave_id: int | None,
    window_start: date, window_end: date, lockout_days: int = planning.DEFAULT_LOCKOUT_DAYS,
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
    tester = session.get(User, tester_id)
    if tester is None or tester.role != Role.tester or not tester.is_active:
        errors.append({"path": "tester_id", "message": f"user {tester_id} is not an active tester"})
    if wave_id is not None:
        wave = session.get(Wave, wave_id)
        if wave is None or wave.project_id != project.id:
            errors.append({"path": "wave_id", "message": f"wave {wave_id} is not a wave of this project"})
    if errors:
        raise invalid(errors)
    visit = planning.Visit(tester_id, location_id, window_start, window_end)
    history = visit_history(session, tester_ids=[tester_id], location_ids=[location_id])
    violations = planning.lockout_violations(visits=[visit], history=history, lockout_days=lockout_days)
    if violations:
        clash = violations[0][1]
        raise invalid([{"path": "tester_id",
                        "message": f"the tester visits location {location_id} within {lockout_days} days of another "
                                   f"visit there ({clash.window_start.isoformat()} to {clash.window_end.isoformat()}); "
                                   "choose another tester or a smaller lockout_days"}])
    assignment = Assignment(project_id=project.id, location_id=location_id, persona=persona, tester_id=tester_id,
                            wave_id=wave_id, window_start=window_start, window_end=window_end)
    session.add(assignment)
    session.flush()
    return assignment


def delete_assignment(*, session: Session, assignment_id: int) -> None:
    """Remove an assignment the tester has not started: no evaluation and no photo yet."""
    assignment = session.exec(select(Assignment).where(Assignment.id == assignment_id).with_for_update()).first()
    if assignment is None:
        raise not_found(f"Assignment {assignment_id}")
    if session.exec(select(Evaluation.id).where(Evaluation.assignment_id == assignment.id)).first() is not None:
        raise conflict("assignment_has_evaluation",
                       "The assignment has an evaluation; it stays as the record of that visit.")
    if session.exec(select(Photo.id).where(Photo.assignment_id == assignment.id)).first() is not None:
        raise conflict("assignment_in_progress",
                       "The tester has already uploaded photos for this assignment; it cannot be removed now.")
    session.delete(assignment)
    session.flush()
