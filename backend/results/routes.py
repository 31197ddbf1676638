"""Scores: one evaluation explained, a project aggregated, and the CSV export."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from sqlmodel import Session

from backend.auth.dependencies import AnyUser, StaffOrClient
from backend.checklists.service import definition_of_version
from backend.errors import AppError
from backend.projects.service import get_project
from backend.results import service
from backend.results.export import export_rows
from backend.results.queries import GROUP_DIMENSIONS, ScoreFilter
from backend.results.schemas import EvaluationScoresPublic, ProjectScores, QuestionBreakdown, Sums
from backend.unit_of_work import SessionDep, UnitOfWorkRoute

router = APIRouter(tags=["scores"], route_class=UnitOfWorkRoute)


@router.get("/evaluations/{evaluation_id}/scores", response_model=EvaluationScoresPublic,
            summary="Every score of one evaluation, with how each number came about")
def get_evaluation_scores(evaluation_id: uuid.UUID, principal: AnyUser, session: SessionDep) -> EvaluationScoresPublic:
    scores = service.evaluation_scores(session=session, principal=principal, evaluation_id=evaluation_id)

    def sums(group: dict, values: dict) -> dict[str, Sums]:
        return {key: Sums(achieved=group[key].achieved, possible=group[key].possible, score=values[key])
                for key in values}

    return EvaluationScoresPublic(
        evaluation_id=str(evaluation_id), persona=scores.persona, total=scores.total,
        persona_score=scores.persona_score, passed=scores.passed, pass_threshold=scores.pass_threshold,
        knockouts=list(scores.knockouts),
        total_sums=Sums(achieved=scores.total_sums.achieved, possible=scores.total_sums.possible, score=scores.total),
        steps=sums(scores.step_sums, scores.steps), touchpoints=sums(scores.touchpoint_sums, scores.touchpoints),
        persona_weights=scores.persona_weights, emotions=scores.emotions,
        questions=[QuestionBreakdown(**{k: v for k, v in asdict(q).items() if k != "value"}) for q in scores.questions],
    )


def _filter(session: Session, principal, project_id: int, *, wave_id, location_id, persona, date_from, date_to,
            include_approved: bool) -> tuple:
    project = get_project(session=session, principal=principal, project_id=project_id)
    if date_from and date_to and date_from > date_to:
        raise AppError(422, "validation_failed", "date_from is after date_to.",
                       errors=[{"path": "date_from", "message": "must not be after date_to"}])
    return project, ScoreFilter(project_id=project.id, statuses=service.statuses_for(principal, include_approved),
                                wave_id=wave_id, location_id=location_id, persona=persona, date_from=date_from,
                                date_to=date_to)


FilterDoc = "Clients always see released evaluations only; staff may add approved ones with include_approved."


@router.get("/projects/{project_id}/scores", response_model=ProjectScores, description=FilterDoc,
            summary="A project's scores: persona x touchpoint matrix, journey, NPS, pain points, rankings")
def get_project_scores(
    project_id: int, principal: StaffOrClient, session: SessionDep,
    wave_id: int | None = None, location_id: int | None = None,
    persona: Annotated[str | None, Query(max_length=64)] = None,
    date_from: date | None = None, date_to: date | None = None, include_approved: bool = False,
    group_by: Annotated[str | None, Query(description=f"one or two of {', '.join(GROUP_DIMENSIONS)}, comma-separated")] = None,
) -> ProjectScores:
    project, score_filter = _filter(session, principal, project_id, wave_id=wave_id, location_id=location_id,
                                    persona=persona, date_from=date_from, date_to=date_to,
                                    include_approved=include_approved)
    by = tuple(part.strip() for part in group_by.split(",") if part.strip()) if group_by else ()
    unknown = [d for d in by if d not in GROUP_DIMENSIONS]
    if unknown or len(by) > 2 or len(set(by)) != len(by) or {"step", "touchpoint"} <= set(by):
        raise AppError(422, "validation_failed",
                       f"group_by takes one or two different dimensions of {', '.join(GROUP_DIMENSIONS)} "
                       "(not step and touchpoint together).",
                       errors=[{"path": "group_by", "message": f"unknown or invalid: {group_by}"}])
    return ProjectScores.model_validate(service.project_scores(session=session, project=project,
                                                               score_filter=score_filter, group_by=by),
                                        from_attributes=True)


@router.get("/projects/{project_id}/export.csv", response_class=StreamingResponse, description=FilterDoc,
            summary="One CSV row per evaluation with its scores and answers (streamed)",
            responses={200: {"content": {"text/csv": {}}}})
def export_project(
    project_id: int, principal: StaffOrClient, session: SessionDep,
    wave_id: int | None = None, location_id: int | None = None,
    persona: Annotated[str | None, Query(max_length=64)] = None,
    date_from: date | None = None, date_to: date | None = None, include_approved: bool = False,
) -> StreamingResponse:
    project, score_filter = _filter(session, principal, project_id, wave_id=wave_id, location_id=location_id,
                                    persona=persona, date_from=date_from, date_to=date_to,
                                    include_approved=include_approved)
    definition = definition_of_version(session=session, version_id=project.checklist_version_id)
    bind = session.get_bind()

    def stream():
        # The request's session is closed once the route returns; the stream reads with its own.
        with Session(bind) as export_session:
            yield "\ufeff"
            yield from export_rows(session=export_session, definition=definition, score_filter=score_filter)

    filename = f"project-{project.id}-evaluations.csv"
    return StreamingResponse(stream(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{filename}"'})
