"""A project's progress for staff: how many of its assignments are open, submitted, reviewed, per wave and location."""

from __future__ import annotations

from fastapi import APIRouter

from backend.auth.dependencies import Staff
from backend.results import progress
from backend.results.schemas import ProjectProgress
from backend.unit_of_work import SessionDep, UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute)
TAGS = ["fieldwork"]


@router.get("/projects/{project_id}/progress", response_model=ProjectProgress, tags=TAGS,
            summary="How far the plan is: assignments per wave and location by status (open = no evaluation)")
def project_progress(project_id: int, principal: Staff, session: SessionDep) -> ProjectProgress:
    return progress.project_progress(session=session, principal=principal, project_id=project_id)
