"""Everything a PDF needs, read in one place for the routes and the CLI.

The cache key and a cached PDF, or the report document with the photos it shows and the client's logo: all
read from the database and storage before rendering, which holds no transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from backend.evaluations.models import Evaluation
from backend.fieldwork.models import Project
from backend.reports import builders, service
from backend.reports.document import EvaluationReport, ProjectReport
from backend.results.queries import ScoreFilter


@dataclass(frozen=True)
class Prepared:
    """A cached PDF under its key, or what rendering it takes."""

    key: str
    cached_pdf: bytes | None
    report: EvaluationReport | ProjectReport | None = None
    photos: dict[str, bytes] = field(default_factory=dict)
    logo: bytes | None = None


def evaluation_report(*, session: Session, evaluation: Evaluation, language: str | None, pdf_a: bool,
                      use_cache: bool = True) -> Prepared:
    key = service.evaluation_cache_key(session=session, evaluation=evaluation, language=language, pdf_a=pdf_a)
    if use_cache and (hit := service.cached(key)) is not None:
        return Prepared(key, hit)
    report = builders.evaluation_report(session=session, evaluation=evaluation, language=language)
    logo = service.client_logo(session=session, client_id=builders.client_of(session=session, evaluation=evaluation))
    return Prepared(key, None, report, service.evaluation_photos(report), logo)


def project_report(*, session: Session, project: Project, score_filter: ScoreFilter, language: str | None,
                   pdf_a: bool, use_cache: bool = True) -> Prepared:
    key, created = service.project_cache_key(session=session, project=project, score_filter=score_filter,
                                             language=language, pdf_a=pdf_a)
    if use_cache and (hit := service.cached(key)) is not None:
        return Prepared(key, hit)
    report = builders.project_report(session=session, project=project, score_filter=score_filter,
                                     language=language, created=created)
    return Prepared(key, None, report, logo=service.client_logo(session=session, client_id=project.client_id))
