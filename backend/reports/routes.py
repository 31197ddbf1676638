"""PDF audit reports: one evaluation, or a project's released evaluations; rendered off the event loop."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from fastapi.concurrency import run_in_threadpool

from backend.auth.dependencies import StaffOrClient
from backend.errors import AppError
from backend.evaluations import service as evaluations
from backend.projects.service import get_project
from backend.reports import preparation, service
from backend.results.queries import ScoreFilter
from backend.results.service import statuses_for
from backend.unit_of_work import SessionDep, UnitOfWorkRoute

router = APIRouter(tags=["reports"], route_class=UnitOfWorkRoute)
PDF_RESPONSE = {200: {"content": {"application/pdf": {}}, "description": "the PDF"}}
Language = Annotated[Literal["de", "en"] | None, Query(description="default: the client's report language")]


def _pdf(data: bytes, filename: str, *, cached: bool) -> Response:
    return Response(data, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "X-Report-Cache": "hit" if cached else "miss",
        "Cache-Control": "private, no-store"})


def read_then_end(session, read):
    """Run the report's reads and end their transaction: rendering takes seconds and must hold no lock."""
    result = read()
    session.commit()
    return result


@router.get("/evaluations/{evaluation_id}/report.pdf", response_class=Response, responses=PDF_RESPONSE,
            summary="The PDF report of one evaluation (staff; clients for released evaluations)")
async def evaluation_pdf(evaluation_id: uuid.UUID, principal: StaffOrClient, session: SessionDep,
                         lang: Language = None, pdf_a: bool = False) -> Response:
    def prepare() -> preparation.Prepared:
        evaluation = evaluations.get_visible(session=session, principal=principal, evaluation_id=evaluation_id)
        return preparation.evaluation_report(session=session, evaluation=evaluation, language=lang, pdf_a=pdf_a)

    prepared = await run_in_threadpool(read_then_end, session, prepare)
    filename = f"evaluation-{str(evaluation_id)[:8]}.pdf"
    if prepared.cached_pdf is not None:
        return _pdf(prepared.cached_pdf, filename, cached=True)
    pdf = await service.render_pool().render_in_worker(prepared.report, photos=prepared.photos, logo=prepared.logo,
                                                       pdf_a=pdf_a)
    await run_in_threadpool(service.remember, prepared.key, pdf)
    return _pdf(pdf, filename, cached=False)


@router.get("/projects/{project_id}/report.pdf", response_class=Response, responses=PDF_RESPONSE,
            summary="The PDF report over a project's released evaluations, filterable")
async def project_pdf(
    project_id: int, principal: StaffOrClient, session: SessionDep, lang: Language = None, pdf_a: bool = False,
    wave_id: int | None = None, location_id: int | None = None,
    persona: Annotated[str | None, Query(max_length=64)] = None,
    date_from: date | None = None, date_to: date | None = None, include_approved: bool = False,
) -> Response:
    if date_from and date_to and date_from > date_to:
        raise AppError(422, "validation_failed", "date_from is after date_to.",
                       errors=[{"path": "date_from", "message": "must not be after date_to"}])

    def prepare() -> preparation.Prepared:
        project = get_project(session=session, principal=principal, project_id=project_id)
        score_filter = ScoreFilter(project_id=project.id, statuses=statuses_for(principal, include_approved),
                                   wave_id=wave_id, location_id=location_id, persona=persona,
                                   date_from=date_from, date_to=date_to)
        return preparation.project_report(session=session, project=project, score_filter=score_filter,
                                          language=lang, pdf_a=pdf_a)

    prepared = await run_in_threadpool(read_then_end, session, prepare)
    filename = f"project-{project_id}.pdf"
    if prepared.cached_pdf is not None:
        return _pdf(prepared.cached_pdf, filename, cached=True)
    pdf = await service.render_pool().render_in_worker(prepared.report, logo=prepared.logo, pdf_a=pdf_a)
    await run_in_threadpool(service.remember, prepared.key, pdf)
    return _pdf(pdf, filename, cached=False)
