"""Assignment planning for admins: a wave planned in bulk with a lockout, or a project's assignments from CSV."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from backend.assignments import presenters
from backend.auth.dependencies import Admin
from backend.fieldwork.refs import Ref, location_ref, tester_ref
from backend.fieldwork.windows import DEFAULT_LOCKOUT_DAYS
from backend.planning import service as planning_service
from backend.planning.lines import COLUMNS, MAX_ROWS, parse_assignment_lines
from backend.planning.schemas import (
    AssignmentImportResult, PlannedPublic, PlanRequest, PlanResult, SlotPublic, TesterLoad, UnstaffedPublic,
)
from backend.unit_of_work import SessionDep, UnitOfWorkRoute
from backend.uploads import csv_request_body, csv_upload, table_problems

router = APIRouter(route_class=UnitOfWorkRoute)
TAGS = ["fieldwork"]

ASSIGNMENTS_CSV_BODY = csv_request_body(
    max_rows=MAX_ROWS,
    columns=f" with the columns {', '.join(COLUMNS)} (wave optional; dates as YYYY-MM-DD or DD.MM.YYYY)")


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
            location=location_ref(locations[item.location_id]), persona=item.persona,
            tester=tester_ref(testers[item.tester_id]),
            assignment_id=outcome.assignments[index].id if outcome.assignments else None)
            for index, item in enumerate(plan.planned)],
        unstaffed=[UnstaffedPublic(location=location_ref(locations[slot.location_id]), persona=slot.persona,
                                   reason=slot.reason, message=planning_service.UNSTAFFED_MESSAGES[slot.reason])
                   for slot in plan.unstaffed],
        already_assigned=[SlotPublic(location=location_ref(locations[slot.location_id]), persona=slot.persona)
                          for slot in plan.already_assigned],
        testers=[TesterLoad(tester=tester_ref(testers[tester_id]), planned=count)
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
    with table_problems():
        lines = parse_assignment_lines(data)
        created = planning_service.import_assignments(session=session, principal=principal, project_id=project_id,
                                                      lines=lines, lockout_days=lockout_days)
    items = presenters.describe_assignments(session=session, rows=[(a, None, None) for a in created])
    return AssignmentImportResult(created=len(items), assignments=items)
