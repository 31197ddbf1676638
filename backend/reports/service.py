"""PDF delivery: who may download which report, and a cache keyed by everything the PDF depends on."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from functools import lru_cache

from sqlmodel import Session, select

from backend.clients.models import Client
from backend.config import get_settings
from backend.evaluations.models import Evaluation
from backend.fieldwork.models import Project
from backend.media.service import get_storage
from backend.media.storage import ObjectNotFound
from backend.reports.workers import RenderPool
from backend.results.queries import ScoreFilter, evaluation_ids

# Bump when templates or builders change what a PDF looks like, so old cached PDFs are not served.
RENDER_VERSION = "2"


@lru_cache
def render_pool() -> RenderPool:
    return RenderPool(max_workers=get_settings().report_workers)


def _client_fingerprint(client: Client) -> list:
    return [client.name, client.brand_color, client.report_language, client.logo_key]


def evaluation_cache_key(*, session: Session, evaluation: Evaluation, language: str | None, pdf_a: bool) -> str:
    project = session.get(Project, evaluation.project_id)
    client = session.get(Client, project.client_id)
    parts = [RENDER_VERSION, "evaluation", str(evaluation.id), evaluation.revision, str(evaluation.status),
             str(evaluation.approved_at), str(evaluation.released_at), language, pdf_a, _client_fingerprint(client)]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def project_cache_key(*, session: Session, project: Project, score_filter: ScoreFilter, language: str | None,
                      pdf_a: bool) -> tuple[str, datetime]:
    """The key over every counted evaluation's id, revision and status, and the report's date."""
    client = session.get(Client, project.client_id)
    rows = session.exec(select(Evaluation.id, Evaluation.revision, Evaluation.status, Evaluation.released_at)
                        .where(Evaluation.id.in_(evaluation_ids(score_filter))).order_by(Evaluation.id)).all()
    digest = hashlib.sha256()
    for row in rows:
        digest.update(f"{row[0]}:{row[1]}:{row[2]}:{row[3]};".encode())
    parts = [RENDER_VERSION, "project", project.id, project.name, digest.hexdigest(), score_filter.wave_id,
             score_filter.location_id, score_filter.persona, str(score_filter.date_from), str(score_filter.date_to),
             [str(s) for s in score_filter.statuses], language, pdf_a, _client_fingerprint(client)]
    latest = max((r[3] for r in rows if r[3]), default=project.created_at)
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest(), latest


def cached(key: str) -> bytes | None:
    try:
        return get_storage().get(f"reports/{key}.pdf")
    except ObjectNotFound:
        return None


def remember(key: str, pdf: bytes) -> None:
    get_storage().put(f"reports/{key}.pdf", pdf)


def evaluation_photos(report) -> dict[str, bytes]:
    """The display copies the report shows, read from storage: the only photos the renderer gets."""
    storage = get_storage()
    photos = {}
    for key in report.photo_keys():
        try:
            photos[key] = storage.get(key)
        except ObjectNotFound:
            continue
    return photos


def client_logo(*, session: Session, client_id: int) -> bytes | None:
    client = session.get(Client, client_id)
    if client is None or not client.logo_key:
        return None
    try:
        return get_storage().get(client.logo_key)
    except ObjectNotFound:
        return None


