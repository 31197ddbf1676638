"""How far a project's field work is: assignments per wave and location by status."""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session, func, select

from backend.auth.principal import Principal
from backend.evaluations.models import Evaluation
from backend.fieldwork.models import Assignment, Location
from backend.projects.service import get_project, project_location_ids, project_waves


STATUSES = ("open", "submitted", "on_hold", "returned", "approved", "released")


def project_progress(*, session: Session, principal: Principal, project_id: int):
    """Assignment counts by status per wave and location: (project, waves, locations, {(wave, location): counts})."""
    project = get_project(session=session, principal=principal, project_id=project_id)
    rows = session.exec(
        select(Assignment.wave_id, Assignment.location_id, Evaluation.status, func.count())
        .select_from(Assignment).outerjoin(Evaluation, Evaluation.assignment_id == Assignment.id)
        .where(Assignment.project_id == project.id, Assignment.withdrawn_at.is_(None))
        .group_by(Assignment.wave_id, Assignment.location_id, Evaluation.status))
    counts: dict[tuple[int | None, int], Counter] = {}
    for wave_id, location_id, status, number in rows:
        key = status.value if hasattr(status, "value") else (status or "open")
        counts.setdefault((wave_id, location_id), Counter())[key] += number
    location_ids = set(project_location_ids(session, project)) | {location for _, location in counts}
    locations = list(session.exec(select(Location).where(Location.id.in_(location_ids)).order_by(Location.code))) \
        if location_ids else []
    return project, project_waves(session, project), locations, counts
