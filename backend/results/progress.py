"""How far a project's field work is: assignments per wave and location by status."""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session, func, select

from backend.auth.principal import Principal
from backend.evaluations.models import Evaluation
from backend.fieldwork.models import Assignment, Location
from backend.fieldwork.refs import Ref, location_ref
from backend.projects.service import get_project, project_location_ids, project_waves
from backend.results.schemas import LocationProgress, ProjectProgress, StatusCounts, WaveProgress


STATUSES = ("open", "submitted", "on_hold", "returned", "approved", "released")


def _status_counts(*, session: Session, principal: Principal, project_id: int):
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


def _counts(counter) -> StatusCounts:
    return StatusCounts(**{status: counter.get(status, 0) for status in STATUSES},
                        total=sum(counter.values()))


def project_progress(*, session: Session, principal: Principal, project_id: int) -> ProjectProgress:
    """Every wave (and the assignments without one) by location, each with its counts and their sums."""
    project, waves, locations, counts = _status_counts(session=session, principal=principal, project_id=project_id)
    wave_ids: list[int | None] = [wave.id for wave in waves]
    if any(wave_id is None for wave_id, _ in counts):
        wave_ids.append(None)
    names = {wave.id: wave.name for wave in waves}
    total: Counter = Counter()
    result = []
    for wave_id in wave_ids:
        wave_total: Counter = Counter()
        rows = []
        for location in locations:
            counter = counts.get((wave_id, location.id), Counter())
            wave_total.update(counter)
            rows.append(LocationProgress(location=location_ref(location), counts=_counts(counter)))
        total.update(wave_total)
        result.append(WaveProgress(wave=Ref(id=wave_id, name=names[wave_id]) if wave_id is not None else None,
                                   counts=_counts(wave_total), locations=rows))
    return ProjectProgress(project_id=project.id, counts=_counts(total), waves=result)
