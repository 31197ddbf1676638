"""A project's progress for staff: how many of its assignments are open, submitted, reviewed, per wave and location."""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter

from backend.auth.dependencies import Staff
from backend.fieldwork.refs import Ref, location_ref
from backend.results import progress
from backend.results.schemas import LocationProgress, ProjectProgress, StatusCounts, WaveProgress
from backend.unit_of_work import SessionDep, UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute)
TAGS = ["fieldwork"]


def _counts(counter) -> StatusCounts:
    return StatusCounts(**{status: counter.get(status, 0) for status in progress.STATUSES},
                        total=sum(counter.values()))


@router.get("/projects/{project_id}/progress", response_model=ProjectProgress, tags=TAGS,
            summary="How far the plan is: assignments per wave and location by status (open = no evaluation)")
def project_progress(project_id: int, principal: Staff, session: SessionDep) -> ProjectProgress:
    project, waves, locations, counts = progress.project_progress(
        session=session, principal=principal, project_id=project_id)
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
