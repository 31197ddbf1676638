"""Rows the fieldwork tests build on: a checklist version inserted directly, clients, locations, a project."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlmodel import Session

from backend.auth.models import User
from backend.checklists.models import ChecklistTemplate, ChecklistVersion
from backend.checklists.template import ChecklistDefinition
from backend.clients.models import Client
from backend.evaluations.models import Evaluation, EvaluationStatus
from backend.fieldwork.models import Assignment, Location, Project, ProjectLocation, Wave

MINIMAL_DEFINITION = {
    "key": "mini",
    "kind": "store_check",
    "title": "Mini check",
    "steps": [{"id": "arrival", "title": "Arrival"}],
    "touchpoints": [{"id": "entrance", "title": "Entrance", "channel": "offline"}],
    "personas": [{"id": "young", "title": "Young"}, {"id": "business", "title": "Business"}],
    "sections": [{"id": "visit", "title": "Visit", "questions": [
        {"id": "greeted", "type": "yes_no", "text": "Were you greeted?", "step": "arrival",
         "touchpoint": "entrance"}]}],
}


def checklist_version(session: Session, *, key: str | None = None,
                      definition: dict | None = None) -> ChecklistVersion:
    """A published version of a one-question checklist with the personas young and business."""
    key = key or f"mini-{uuid.uuid4().hex[:8]}"
    definition = ChecklistDefinition.model_validate({**(definition or MINIMAL_DEFINITION), "key": key}).model_dump(
        mode="json", by_alias=True, exclude_none=True)
    template = ChecklistTemplate(key=key, kind="store_check", latest_version=1)
    session.add(template)
    session.flush()
    version = ChecklistVersion(template_id=template.id, version=1, title="Mini check", source="{}",
                               source_format="json", definition=definition, content_hash=uuid.uuid4().hex)
    session.add(version)
    session.flush()
    return version


def client(session: Session, name: str | None = None) -> Client:
    row = Client(name=name or f"Client {uuid.uuid4().hex[:8]}")
    session.add(row)
    session.flush()
    return row


def location(session: Session, client_row: Client, *, code: str = "S1", name: str = "Store One",
             kind: str = "store", city: str | None = "Berlin") -> Location:
    row = Location(client_id=client_row.id, code=code, name=name, kind=kind, city=city)
    session.add(row)
    session.flush()
    return row


def project(session: Session, client_row: Client, *, locations: Sequence[Location] = (),
            version: ChecklistVersion | None = None, waves: tuple[str, ...] = ("2026-Q1",)) -> Project:
    version = version or checklist_version(session)
    row = Project(client_id=client_row.id, checklist_version_id=version.id, name=f"{client_row.name} 2026")
    session.add(row)
    session.flush()
    for loc in locations:
        session.add(ProjectLocation(project_id=row.id, location_id=loc.id))
    for wave_name in waves:
        session.add(Wave(project_id=row.id, name=wave_name))
    session.flush()
    return row


def assignment(session: Session, project_row: Project, location_row: Location, tester: User, *,
               persona: str = "young", wave: Wave | None = None,
               window: tuple[date, date] = (date(2026, 1, 1), date(2026, 3, 31))) -> Assignment:
    row = Assignment(project_id=project_row.id, location_id=location_row.id, tester_id=tester.id, persona=persona,
                     wave_id=wave.id if wave else None, window_start=window[0], window_end=window[1])
    session.add(row)
    session.flush()
    return row


def evaluation(session: Session, assignment_row: Assignment, *,
               status: EvaluationStatus = EvaluationStatus.submitted) -> Evaluation:
    """An evaluation row for the assignment, as a submission would leave it."""
    project_row = session.get(Project, assignment_row.project_id)
    row = Evaluation(id=uuid.uuid4(), assignment_id=assignment_row.id, project_id=project_row.id,
                     location_id=assignment_row.location_id, wave_id=assignment_row.wave_id,
                     tester_id=assignment_row.tester_id, checklist_version_id=project_row.checklist_version_id,
                     persona=assignment_row.persona, status=status, payload_hash="0" * 64)
    session.add(row)
    session.flush()
    return row
