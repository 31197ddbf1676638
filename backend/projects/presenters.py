"""Projects as the API shows them, with their related rows fetched in a few batch queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlmodel import Session, select

from backend.checklists.models import ChecklistTemplate, ChecklistVersion
from backend.clients.models import Client
from backend.db import rows_by_id
from backend.fieldwork.models import Project, ProjectLocation, Wave
from backend.fieldwork.refs import ChecklistRef, Ref
from backend.projects.schemas import ProjectPublic, WavePublic


def describe_projects(*, session: Session, projects: Sequence[Project]) -> list[ProjectPublic]:
    ids = [project.id for project in projects]
    if not ids:
        return []
    clients = rows_by_id(session, Client, (p.client_id for p in projects))
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
