"""Projects and assignments as the API shows them, with their related rows fetched in a few batch queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlmodel import Session, select

from backend.auth.models import User
from backend.checklists.models import ChecklistTemplate, ChecklistVersion
from backend.evaluations.models import EvaluationStatus
from backend.fieldwork.assignments import AssignmentRow
from backend.fieldwork.models import AssignmentHandover, Client, Location, Project, ProjectLocation, Wave
from backend.fieldwork.schemas import (
    AssignmentPublic, ChecklistRef, LocationRef, ProjectPublic, Ref, TesterRef, WavePublic,
)


def _by_id(session: Session, model, ids: Iterable[int | None]) -> dict:
    wanted = {i for i in ids if i is not None}
    return {row.id: row for row in session.exec(select(model).where(model.id.in_(wanted)))} if wanted else {}


def describe_projects(*, session: Session, projects: Sequence[Project]) -> list[ProjectPublic]:
    ids = [project.id for project in projects]
    if not ids:
        return []
    clients = _by_id(session, Client, (p.client_id for p in projects))
    checklists = {version.id: (version, template) for version, template in session.exec(
        select(ChecklistVersion, ChecklistTemplate)
        .join(ChecklistTemplate, ChecklistTemplate.id == ChecklistVersion.template_id)
        .where(ChecklistVersion.id.in_({p.checklist_version_id for p in projects})))}
    waves: dict[int, list[Wave]] = defaultdict(list)
    for wave in session.exec(select(Wave).where(Wave.project_id.in_(ids))
                             .order_by(Wave.starts_on.is_(None), Wave.starts_on, Wave.id)):
        waves[wave.project_id].append(wave)
    location_ids: dict[int, list[int]] = defaultdict(list)
    for link in session.exec(select(ProjectLocation).where(ProjectLocation.project_id.in_(ids))
                             .order_by(ProjectLocation.location_id)):
        location_ids[link.project_id].append(link.location_id)
    result = []
    for project in projects:
        version, template = checklists[project.checklist_version_id]
        client = clients[project.client_id]
        result.append(ProjectPublic(
            id=project.id, name=project.name, client=Ref(id=client.id, name=client.name),
            checklist=ChecklistRef(version_id=version.id, key=template.key, version=version.version,
                                   title=version.title),
            waves=[WavePublic.model_validate(wave) for wave in waves[project.id]],
            location_ids=location_ids[project.id], created_at=project.created_at))
    return result


def describe_project(*, session: Session, project: Project) -> ProjectPublic:
    return describe_projects(session=session, projects=[project])[0]


def describe_assignments(*, session: Session, rows: Sequence[AssignmentRow]) -> list[AssignmentPublic]:
    items = [assignment for assignment, _, _ in rows]
    related_projects = _by_id(session, Project, (a.project_id for a in items))
    waves = _by_id(session, Wave, (a.wave_id for a in items))
    locations = _by_id(session, Location, (a.location_id for a in items))
    testers = _by_id(session, User, (a.tester_id for a in items))
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
            location=LocationRef(id=location.id, code=location.code, name=location.name),
            persona=assignment.persona,
            tester=TesterRef(id=tester.id, display_name=tester.display_name, pseudonym=tester.pseudonym),
            window_start=assignment.window_start, window_end=assignment.window_end,
            status="withdrawn" if assignment.withdrawn_at else EvaluationStatus(status).value if status else "open",
            evaluation_id=evaluation_id, withdrawn_at=assignment.withdrawn_at,
            previous_tester_ids=list(dict.fromkeys(previous[assignment.id])), created_at=assignment.created_at))
    return result
