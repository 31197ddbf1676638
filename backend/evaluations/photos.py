"""Photos as evidence of an evaluation: idempotent storage for the tester's assignment, role-scoped reading.

Flushes, never commits: the files are written before the request's unit of work commits the row.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Session

from backend.auth.models import Role
from backend.auth.principal import Principal
from backend.checklists.service import definition_of_version
from backend.checklists.template import ChecklistDefinition, photo_rule
from backend.config import get_settings
from backend.db import insert_or_winner
from backend.errors import AppError, conflict, not_found
from backend.evaluations import service as evaluations
from backend.evaluations.models import Evaluation, EvaluationStatus
from backend.evaluations.sending import assignment_to_send
from backend.fieldwork.models import Assignment, Location, Project
from backend.media.metadata import capture_instant
from backend.media.models import Photo
from backend.media.pipeline import ProcessedPhoto
from backend.media.storage import Storage, make_photo_keys
from backend.timeutil import zone


def _checklist_of(session: Session, assignment: Assignment) -> ChecklistDefinition:
    project = session.get(Project, assignment.project_id)
    return definition_of_version(session=session, version_id=project.checklist_version_id)


def store_photo(
    *,
    session: Session,
    principal: Principal,
    storage: Storage,
    evaluation_id: uuid.UUID,
    photo_id: uuid.UUID,
    assignment_id: int,
    question_id: str,
    data: bytes,
    processed: ProcessedPhoto,
    captured_at: datetime | None,
    admit_expired: bool = False,
) -> tuple[Photo, bool]:
    """Store one photo for a question of the caller's assignment; a retry with the same bytes is harmless."""
    assignment = assignment_to_send(session=session, principal=principal, assignment_id=assignment_id,
                                    grace_days=get_settings().submission_grace_days, admit_expired=admit_expired)
    existing = session.get(Photo, photo_id)
    if existing is not None:
        return _same_photo_again(existing, evaluation_id=evaluation_id, assignment_id=assignment_id,
                                 question_id=question_id, sha256=processed.sha256), False
    evaluation = session.get(Evaluation, evaluation_id)
    if evaluation is not None:
        if evaluation.assignment_id != assignment_id:
            raise conflict("evaluation_mismatch", "This evaluation id belongs to another assignment.")
        if evaluation.status != EvaluationStatus.returned:
            raise conflict("evaluation_locked", "The evaluation is submitted; photos can only change after a return.")
    definition = _checklist_of(session, assignment)
    question = next((q for q in definition.questions() if q.id == question_id), None)
    if question is None:
        raise AppError(422, "validation_failed", f"Question {question_id} is not part of this checklist.",
                       errors=[{"path": "question_id", "message": "unknown question"}])
    if photo_rule(question).max == 0:
        raise AppError(422, "validation_failed", f"Question {question_id} takes no photos.",
                       errors=[{"path": "question_id", "message": "takes no photos"}])
    photo = Photo(
        id=photo_id, evaluation_id=evaluation_id, assignment_id=assignment_id, question_id=question_id,
        uploaded_by=principal.id, sha256=processed.sha256, content_type=processed.content_type,
        size_bytes=len(data), width=processed.width, height=processed.height,
        taken_at=capture_instant(processed.taken_at, device_captured_at=captured_at,
                                 zone=zone(session.get(Location, assignment.location_id).time_zone)),
        gps_latitude=processed.gps_latitude,
        gps_longitude=processed.gps_longitude,
    )
    winner = insert_or_winner(session, photo, photo_id)
    if winner is not None:
        return _same_photo_again(winner, evaluation_id=evaluation_id, assignment_id=assignment_id,
                                 question_id=question_id, sha256=processed.sha256), False
    # The row is claimed but not committed: files now, commit after. A crash before the commit leaves only
    # files without a row, which gc removes; a twin waits on the row's key and never overwrites our files.
    keys = make_photo_keys(photo_id)
    storage.put(keys.original, data)
    storage.put(keys.display, processed.display_jpeg)
    storage.put(keys.thumbnail, processed.thumbnail_jpeg)
    return photo, True


def _same_photo_again(existing: Photo, *, evaluation_id, assignment_id, question_id, sha256: str) -> Photo:
    same = (
        existing.evaluation_id == evaluation_id
        and existing.assignment_id == assignment_id
        and existing.question_id == question_id
        and existing.sha256 == sha256
    )
    if not same:
        raise conflict("photo_conflict", "A different photo is already stored under this id.")
    return existing


def readable_photo(*, session: Session, principal: Principal, photo_id: uuid.UUID, variant: str) -> Photo:
    """The photo if the caller may see this variant of it; 404 otherwise (no existence leak).

    Agency staff see every photo ever uploaded, so the revision history keeps its evidence. Everyone else
    sees only what the current revision's answers name (and a tester their own not yet submitted uploads).
    """
    photo = session.get(Photo, photo_id)
    if photo is None:
        raise not_found(f"Photo {photo_id}")
    if variant == "original" and not principal.is_staff:
        raise AppError(403, "forbidden", "Only agency staff may download original photos.")
    if principal.is_staff:
        return photo
    evaluation = session.get(Evaluation, photo.evaluation_id)
    current = evaluation is not None and photo.claimed_at is not None and evaluations.in_current_revision(
        session=session, evaluation=evaluation, photo_id=photo.id)
    if principal.role == Role.tester:
        if photo.uploaded_by != principal.id or (photo.claimed_at is not None and not current):
            raise not_found(f"Photo {photo_id}")
        return photo
    project = session.get(Project, evaluation.project_id) if evaluation else None
    if (not current or evaluation.status != EvaluationStatus.released
            or project is None or project.client_id != principal.client_id):
        raise not_found(f"Photo {photo_id}")
    return photo
