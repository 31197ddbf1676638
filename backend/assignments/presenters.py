"""Assignments as the API shows them, with their related rows fetched in a few batch queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlmodel import Session, select

from backend.assignments.schemas import AssignmentPublic
from backend.assignments.service import AssignmentRow
from backend.auth.models import User
from backend.db import rows_by_id
from backend.evaluations.models import EvaluationStatus
from backend.fieldwork.models import AssignmentHandover, Location, Project, Wave
from backend.fieldwork.refs import Ref, location_ref, tester_ref


def describe_assignments(*, session: Session, rows: Sequence[AssignmentRow]) -> list[AssignmentPublic]:
    items = [assignment for assignment, _, _ in rows]
    related_projects = rows_by_id(session, Project, (a.project_id for a in items))
    waves = rows_by_id(session, Wave, (a.wave_id for a in items))
    locations = rows_by_id(session, Location, (a.location_id for a in items))
    testers = rows_by_id(session, User, (a.tester_id for a in items))
    previous: dict[int, list[int]] = defaultdict(list)
    if items:
        for handover in session.exec(select(AssignmentHandover).where(
                AssignmentHandover.assignment_id.in_({a.id for a in items})).order_by(AssignmentHandover.id)):
            previous[handover.assignment_id].append(handover.from_tester_id)
    result = []
    for assignment, evaluation_id, status in rows:
        project, wave = related_projects[assignment.project_id], waves.get(assignment.wave_id)
        location, tester = locations[assignment.location_id], testers[assignment.tester_id]
        result.append(AssignmentPublic(
            id=assignment.id, project=Ref(id=project.id, name=project.name),
            wave=Ref(id=wave.id, name=wave.name) if wave else None,
            location=location_ref(location),
            persona=assignment.persona,
            tester=tester_ref(tester),
            window_start=assignment.window_start, window_end=assignment.window_end,
            status="withdrawn" if assignment.withdrawn_at else EvaluationStatus(status).value if status else "open",
            evaluation_id=evaluation_id, withdrawn_at=assignment.withdrawn_at,
            previous_tester_ids=list(dict.fromkeys(previous[assignment.id])), created_at=assignment.created_at))
    return result
