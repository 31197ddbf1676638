"""Submissions from the field, the review workflow, and the tester's offline bundle."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from backend.auth.dependencies import Admin, AnyUser, Staff, Tester
from backend.checklists.template import AnswerIn
from backend.evaluations import presenters, sending, service
from backend.evaluations.imports import import_outbox_file
from backend.evaluations.models import EvaluationStatus
from backend.evaluations.schemas import (
    EndedAssignment, EvaluationDetail, EvaluationPage, OfflineAssignment, OutboxFile, ReleaseRequest, ReleaseResult,
    ReviewRequest, RevisionPublic, SubmissionIn,
)
from backend.evaluations.submission import submit
from backend.fieldwork import lifecycle
from backend.timeutil import utcnow
from backend.unit_of_work import SessionDep, SettingsDep, UnitOfWorkRoute

router = APIRouter(tags=["evaluations"], route_class=UnitOfWorkRoute)
IMPORT_PATH = "/evaluations/import"
MAX_IMPORT_BYTES = 100_000_000
"""An outbox file carries its photos base64-encoded: room for a checklist's worth of phone photos."""


@router.put(
    "/evaluations/{evaluation_id}",
    response_model=EvaluationDetail,
    status_code=201,
    summary="Submit a filled checklist (idempotent by the device-made id)",
    responses={
        200: {"description": "the same payload again, answered as the first time"},
        409: {"description": "evaluation_locked: different answers while the evaluation is not returned"},
        422: {"description": "answers_invalid (errors per question_id) or photos_missing (missing_photo_ids)"},
    },
)
def put_evaluation(evaluation_id: uuid.UUID, body: SubmissionIn, principal: Tester, session: SessionDep,
                   settings: SettingsDep, response: Response) -> EvaluationDetail:
    evaluation, changed = submit(session=session, principal=principal, settings=settings,
                                 evaluation_id=evaluation_id, payload=body)
    if not changed or evaluation.revision > 1:
        response.status_code = 200
    return presenters.detail(session=session, principal=principal, evaluation=evaluation)


@router.post(
    IMPORT_PATH,
    response_model=EvaluationDetail,
    status_code=201,
    summary="Import an outbox file a tester's phone saved after a refusal, as that tester's submission",
    description="The file (format `fieldcheck-outbox-item`, version 1) holds the submission as `PUT "
                "/evaluations/{id}` takes it and its photos base64-encoded. The same checks run on behalf of the "
                "tester who did the visit; importing accepts the visit, so a withdrawn assignment is reinstated, "
                "one given to another tester is handed back, and a late submission is admitted. Importing the "
                "same file again is answered 200 as the first time.",
    responses={
        200: {"description": "the same file again"},
        409: {"description": "assignment_already_submitted or evaluation_locked, as for PUT"},
        413: {"description": "the file or one of its photos is too large"},
        422: {"description": "a bad file, with the path of each problem; or answers_invalid, photos_missing"},
    },
)
def import_evaluation(body: OutboxFile, principal: Admin, session: SessionDep, settings: SettingsDep,
                      response: Response) -> EvaluationDetail:
    evaluation, changed = import_outbox_file(session=session, admin=principal, settings=settings, file=body)
    if not changed or evaluation.revision > 1:
        response.status_code = 200
    return presenters.detail(session=session, principal=principal, evaluation=evaluation)


@router.get("/evaluations", response_model=EvaluationPage,
            summary="Evaluations the caller may see; the review queue puts submitted and flagged first")
def list_evaluations(
    principal: AnyUser, session: SessionDep, status: EvaluationStatus | None = None, project_id: int | None = None,
    wave_id: int | None = None, location_id: int | None = None, flagged: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50, offset: Annotated[int, Query(ge=0)] = 0,
) -> EvaluationPage:
    evaluations, total = service.list_evaluations(
        session=session, principal=principal, status=status, project_id=project_id, wave_id=wave_id,
        location_id=location_id, flagged=flagged, limit=limit, offset=offset)
    return EvaluationPage(items=presenters.summaries(session=session, principal=principal, evaluations=evaluations),
                          total=total)


@router.get("/evaluations/{evaluation_id}", response_model=EvaluationDetail,
            summary="One evaluation with answers, photos and review history")
def get_evaluation(evaluation_id: uuid.UUID, principal: AnyUser, session: SessionDep) -> EvaluationDetail:
    evaluation = service.get_visible(session=session, principal=principal, evaluation_id=evaluation_id)
    return presenters.detail(session=session, principal=principal, evaluation=evaluation)


@router.get("/evaluations/{evaluation_id}/revisions", response_model=list[RevisionPublic],
            summary="Every revision of an evaluation, oldest first, with the photos each named (agency staff)")
def list_revisions(evaluation_id: uuid.UUID, principal: Staff, session: SessionDep) -> list[RevisionPublic]:
    service.get_visible(session=session, principal=principal, evaluation_id=evaluation_id)
    return [RevisionPublic(number=r.number, submitted_at=r.submitted_at,
                           answers={qid: AnswerIn.model_validate(a) for qid, a in r.payload["answers"].items()},
                           photo_ids=service.named_photo_ids(r.payload))
            for r in service.revisions(session=session, evaluation_id=evaluation_id)]


@router.post("/evaluations/{evaluation_id}/review", response_model=EvaluationDetail,
             summary="Approve, hold, return to the tester (with a comment) or release to the client")
def review_evaluation(evaluation_id: uuid.UUID, body: ReviewRequest, principal: Staff,
                      session: SessionDep) -> EvaluationDetail:
    evaluation = service.review(session=session, principal=principal, evaluation_id=evaluation_id,
                                action=body.action, comment=body.comment)
    return presenters.detail(session=session, principal=principal, evaluation=evaluation)


@router.post("/projects/{project_id}/release", response_model=ReleaseResult,
             summary="Release every approved evaluation of a project, or of one wave, to the client")
def release_project(project_id: int, body: ReleaseRequest, principal: Staff, session: SessionDep) -> ReleaseResult:
    released = service.release_project(session=session, principal=principal, project_id=project_id,
                                       wave_id=body.wave_id)
    return ReleaseResult(released=released)


@router.get("/me/assignments", response_model=list[OfflineAssignment], tags=["fieldwork"],
            summary="The tester's open assignments, each with everything needed to fill it offline")
def my_assignments(principal: Tester, session: SessionDep, settings: SettingsDep) -> list[OfflineAssignment]:
    rows = service.open_assignments(session=session, principal=principal, now=utcnow(),
                                    grace_days=settings.submission_grace_days)
    return presenters.offline_assignments(session=session, rows=rows, grace_days=settings.submission_grace_days,
                                          max_distance_m=settings.visit_max_distance_m)


@router.get("/me/assignments/ended", response_model=list[EndedAssignment], tags=["fieldwork"],
            summary="Which of the assignments a phone holds ended for the tester: withdrawn, reassigned or expired",
            description="The phone asks about the ids it holds that `GET /me/assignments` no longer lists; ids the "
                        "tester never held are left out.")
def my_ended_assignments(principal: Tester, session: SessionDep, settings: SettingsDep,
                         ids: Annotated[list[int] | None, Query(alias="id", max_length=500,
                                                                description="an assignment id the phone holds; "
                                                                            "repeat for each")] = None,
                         ) -> list[EndedAssignment]:
    grace = settings.submission_grace_days
    ended = sending.ended_for_tester(session=session, tester_id=principal.id,
                                       assignment_ids=[i for i in ids or () if 0 < i < 2**31],
                                       now=utcnow(), grace_days=grace)
    return [EndedAssignment(id=e.assignment.id, reason=e.reason.value, at=e.at, window_end=e.assignment.window_end,
                            submit_until=lifecycle.submit_until(e.assignment.window_end, grace)) for e in ended]
