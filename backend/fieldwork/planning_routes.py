"""Assignment planning (bulk with a lockout, CSV import), a project's progress, and client logos."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, Response, UploadFile
from fastapi.concurrency import run_in_threadpool

from backend.config import get_settings
from backend.auth.dependencies import Admin, Staff, StaffOrClient
from backend.unit_of_work import SessionDep, UnitOfWorkRoute
from backend.errors import AppError
from backend.fieldwork import logos, planning_service, presenters
from backend.fieldwork.csv_import import CsvImportError, CsvTooLarge
from backend.fieldwork.planning import DEFAULT_LOCKOUT_DAYS
from backend.fieldwork.planning_csv import COLUMNS, MAX_ROWS, parse_assignment_lines
from backend.fieldwork.planning_schemas import (
    AssignmentImportResult, LocationProgress, LogoPublic, PlannedPublic, PlanRequest, PlanResult, ProjectProgress,
    SlotPublic, StatusCounts, TesterLoad, UnstaffedPublic, WaveProgress,
)
from backend.fieldwork.routes import csv_upload
from backend.fieldwork.schemas import LocationRef, Ref, TesterRef
from backend.media.pipeline import PhotoRejected, read_limited
from backend.media.service import checked_photo

router = APIRouter(route_class=UnitOfWorkRoute)
TAGS = ["fieldwork"]
# The editor's preview belongs to the checklists; it rides on this router until main.py mounts it itself.

ASSIGNMENTS_CSV_BODY = {
    "requestBody": {
        "required": True,
        "description": f"a CSV file of at most 5 MB and {MAX_ROWS} rows with the columns {', '.join(COLUMNS)} "
                       "(wave optional; dates as YYYY-MM-DD or DD.MM.YYYY), comma or semicolon delimited, UTF-8",
        "content": {
            "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                               "properties": {"file": {"type": "string", "format": "binary"}}}},
            "text/csv": {"schema": {"type": "string"}},
        },
    }
}


def _location_ref(location) -> LocationRef:
    return LocationRef(id=location.id, code=location.code, name=location.name)


def _tester_ref(user) -> TesterRef:
    return TesterRef(id=user.id, display_name=user.display_name, pseudonym=user.pseudonym)


@router.post("/projects/{project_id}/plan", response_model=PlanResult, tags=TAGS,
             summary="Plan a wave: every location x persona gets a tester, spread evenly, with a lockout",
             description="Each location of the project (or the ones named) gets one visit per persona (or "
                         "`visits_per_location` personas in rotation). Each visit goes to the tester with the fewest "
                         "visits so far whom the lockout allows: no tester goes back to a location within "
                         "`lockout_days` of another assignment there, in any project. Slots the wave already has are "
                         "left alone. Unless `dry_run`, every planned assignment is created, all or nothing; the "
                         "answer lists what could not be staffed and why (lockout or no tester).")
def plan_assignments(project_id: int, body: PlanRequest, principal: Admin, session: SessionDep) -> PlanResult:
    outcome = planning_service.plan_project(session=session, principal=principal, project_id=project_id,
                                            request=body)
    plan, locations, testers = outcome.plan, outcome.locations, outcome.testers
    planned_per_tester = {tester_id: 0 for tester_id in testers}
    for item in plan.planned:
        planned_per_tester[item.tester_id] += 1
    return PlanResult(
        dry_run=body.dry_run, wave=Ref(id=outcome.wave.id, name=outcome.wave.name) if outcome.wave else None,
        window_start=outcome.window[0], window_end=outcome.window[1], lockout_days=body.lockout_days,
        planned=[PlannedPublic(
            location=_location_ref(locations[item.location_id]), persona=item.persona,
            tester=_tester_ref(testers[item.tester_id]),
            assignment_id=outcome.assignments[index].id if outcome.assignments else None)
            for index, item in enumerate(plan.planned)],
        unstaffed=[UnstaffedPublic(location=_location_ref(locations[slot.location_id]), persona=slot.persona,
                                   reason=slot.reason, message=planning_service.UNSTAFFED_MESSAGES[slot.reason])
                   for slot in plan.unstaffed],
        already_assigned=[SlotPublic(location=_location_ref(locations[slot.location_id]), persona=slot.persona)
                          for slot in plan.already_assigned],
        testers=[TesterLoad(tester=_tester_ref(testers[tester_id]), planned=count)
                 for tester_id, count in planned_per_tester.items()])


@router.post("/projects/{project_id}/assignments/import", response_model=AssignmentImportResult, status_code=201,
             tags=TAGS,
             openapi_extra=ASSIGNMENTS_CSV_BODY,
             summary="Create a project's assignments from a CSV file, all or nothing, with the lockout",
             responses={413: {"description": "csv_too_large"},
                        422: {"description": "csv_invalid: errors [{row, column, message}], nothing stored"}})
def import_assignments(project_id: int, principal: Admin, session: SessionDep,
                       data: Annotated[bytes, Depends(csv_upload)],
                       lockout_days: Annotated[int, Query(ge=0, le=3650)] = DEFAULT_LOCKOUT_DAYS,
                       ) -> AssignmentImportResult:
    try:
        lines = parse_assignment_lines(data)
        created = planning_service.import_assignments(session=session, principal=principal, project_id=project_id,
                                                      lines=lines, lockout_days=lockout_days)
    except CsvTooLarge as exc:
        raise AppError(413, "csv_too_large", str(exc)) from exc
    except CsvImportError as exc:
        raise planning_service.import_error(exc) from exc
    items = presenters.describe_assignments(session=session, rows=[(a, None, None) for a in created])
    return AssignmentImportResult(created=len(items), assignments=items)


def _counts(counter) -> StatusCounts:
    return StatusCounts(**{status: counter.get(status, 0) for status in planning_service.STATUSES},
                        total=sum(counter.values()))


@router.get("/projects/{project_id}/progress", response_model=ProjectProgress, tags=TAGS,
            summary="How far the plan is: assignments per wave and location by status (open = no evaluation)")
def project_progress(project_id: int, principal: Staff, session: SessionDep) -> ProjectProgress:
    project, waves, locations, counts = planning_service.project_progress(
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
            rows.append(LocationProgress(location=_location_ref(location), counts=_counts(counter)))
        total.update(wave_total)
        result.append(WaveProgress(wave=Ref(id=wave_id, name=names[wave_id]) if wave_id is not None else None,
                                   counts=_counts(wave_total), locations=rows))
    return ProjectProgress(project_id=project.id, counts=_counts(total), waves=result)


@router.put("/clients/{client_id}/logo", response_model=LogoPublic, tags=TAGS,
            summary="Upload a client's logo for reports (checked by content, stored re-encoded without metadata)",
            responses={413: {"description": "photo_too_large"}, 415: {"description": "photo_unsupported_type"}})
def put_logo(client_id: int, principal: Admin, session: SessionDep,
             file: Annotated[UploadFile, File(description="JPEG, PNG, WebP or HEIC image")]) -> LogoPublic:
    try:
        data = read_limited(file.file, get_settings().photo_max_bytes)
    except PhotoRejected as exc:
        raise AppError(413, exc.code, exc.message) from exc
    image = checked_photo(data)
    client = logos.store_logo(session=session, principal=principal, client_id=client_id, image=image)
    return LogoPublic(client_id=client.id, width=image.display_width, height=image.display_height)


@router.get("/clients/{client_id}/logo", response_class=Response, tags=TAGS,
            summary="A client's logo as JPEG (404 when it has none)",
            responses={200: {"content": {"image/jpeg": {}}}})
async def get_logo(client_id: int, principal: StaffOrClient, session: SessionDep) -> Response:
    data = await run_in_threadpool(logos.logo_bytes, session=session, principal=principal, client_id=client_id)
    return Response(data, media_type="image/jpeg", headers={"Cache-Control": "no-store"})


@router.delete("/clients/{client_id}/logo", status_code=204, response_class=Response, tags=TAGS,
               summary="Remove a client's logo")
def delete_logo(client_id: int, principal: Admin, session: SessionDep) -> Response:
    logos.remove_logo(session=session, principal=principal, client_id=client_id)
    return Response(status_code=204)
