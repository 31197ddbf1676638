"""Assignments for staff: who visits which location as which persona, and when."""

from __future__ import annotations

from fastapi import APIRouter, Response

from backend.assignments import presenters, service as assignments
from backend.assignments.schemas import (
    AssignmentCreate, AssignmentPage, AssignmentPublic, AssignmentStatus, AssignmentUpdate,
)
from backend.auth.dependencies import Admin, Staff
from backend.fieldwork.params import FilterId, Limit, Offset, PathId
from backend.unit_of_work import SessionDep, UnitOfWorkRoute


router = APIRouter(tags=["fieldwork"], route_class=UnitOfWorkRoute)


@router.get("/assignments", response_model=AssignmentPage,
            summary="Assignments, filtered and paged; status open means no evaluation yet")
def list_assignments(principal: Staff, session: SessionDep, project_id: FilterId = None,
                     tester_id: FilterId = None, wave_id: FilterId = None, location_id: FilterId = None,
                     status: AssignmentStatus | None = None, limit: Limit = 100, offset: Offset = 0) -> AssignmentPage:
    rows, total = assignments.list_assignments(session=session, project_id=project_id, tester_id=tester_id,
                                               wave_id=wave_id, location_id=location_id, status=status,
                                               limit=limit, offset=offset)
    return AssignmentPage(items=presenters.describe_assignments(session=session, rows=rows), total=total)


@router.post("/assignments", response_model=AssignmentPublic, status_code=201,
             summary="Assign a tester to visit a project's location as a persona within a date window")
def create_assignment(body: AssignmentCreate, principal: Admin, session: SessionDep) -> AssignmentPublic:
    assignment = assignments.create_assignment(session=session, **body.model_dump())
    return presenters.describe_assignments(session=session, rows=[(assignment, None, None)])[0]


@router.get("/assignments/{assignment_id}", response_model=AssignmentPublic, summary="Get an assignment")
def get_assignment(assignment_id: PathId, principal: Staff, session: SessionDep) -> AssignmentPublic:
    row = assignments.get_assignment(session=session, assignment_id=assignment_id)
    return presenters.describe_assignments(session=session, rows=[row])[0]


@router.patch("/assignments/{assignment_id}", response_model=AssignmentPublic,
              summary="Reassign to another tester, move the window, withdraw or reinstate an assignment",
              description="The tester's phone learns on its next sync (`GET /me/assignments/ended`) that the "
                          "assignment was withdrawn or given to someone else; who it was taken from is kept.",
              responses={409: {"description": "assignment_has_evaluation or assignment_withdrawn"}})
def update_assignment(assignment_id: PathId, body: AssignmentUpdate, principal: Admin,
                      session: SessionDep) -> AssignmentPublic:
    assignments.update_assignment(session=session, principal=principal, assignment_id=assignment_id,
                                  changes=body.model_dump(exclude_unset=True))
    row = assignments.get_assignment(session=session, assignment_id=assignment_id)
    return presenters.describe_assignments(session=session, rows=[row])[0]


@router.delete("/assignments/{assignment_id}", status_code=204, response_class=Response,
               summary="Withdraw an assignment nobody has submitted (the row stays, marked withdrawn)",
               description="Kept for integrators: the same as PATCH with `withdrawn: true`. The assignment leaves "
                           "lists and plans but is still readable with status `withdrawn`, so the tester's phone "
                           "can tell the tester; withdrawing again is harmless.",
               responses={409: {"description": "assignment_has_evaluation"}})
def delete_assignment(assignment_id: PathId, principal: Admin, session: SessionDep) -> Response:
    assignments.withdraw(session=session, assignment_id=assignment_id)
    return Response(status_code=204)
