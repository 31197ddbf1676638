"""An admin imports an outbox item a tester's phone saved as a file after the server refused it.

The import runs the very submission of PUT /evaluations/{id} (backend/evaluations/submission.py) on behalf
of the tester who did the visit, so it is just as idempotent and just as strict. Importing is the agency's
decision to accept that visit: a withdrawn assignment is reinstated, one given to another tester is handed
back, and a submission past the grace period is admitted. All or nothing, like every request.
"""

from __future__ import annotations

import base64
import binascii

from sqlmodel import Session

from backend.auth.models import Role, User
from backend.auth.principal import Principal
from backend.config import Settings
from backend.errors import AppError, invalid
from backend.evaluations import photos
from backend.evaluations.models import Evaluation
from backend.evaluations.schemas import OutboxFile
from backend.evaluations.submission import submit
from backend.fieldwork import lifecycle
from backend.fieldwork.models import Assignment
from backend.media import service as media
from backend.media.pipeline import ProcessedPhoto


def import_outbox_file(
    *, session: Session, admin: Principal, settings: Settings, file: OutboxFile,
) -> tuple[Evaluation, bool]:
    """Store the file's photos and submission for its tester; returns the evaluation and whether it changed."""
    decoded = _decoded_photos(file, settings)
    tester = session.get(User, file.tester_id)
    if tester is None or tester.role != Role.tester:
        raise invalid([{"path": "tester_id", "message": f"user {file.tester_id} is not a tester"}])
    assignment_id = file.payload.assignment_id
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise invalid([{"path": "payload.assignment_id", "message": f"there is no assignment {assignment_id}"}])
    holders = {assignment.tester_id} | lifecycle.previous_holders(session, [assignment.id])[assignment.id]
    if tester.id not in holders:
        raise invalid([{"path": "tester_id",
                        "message": f"tester {tester.id} never held assignment {assignment_id}"}])
    lifecycle.reinstate(session=session, assignment_id=assignment.id)
    lifecycle.hand_over(session=session, assignment=assignment, to_tester_id=tester.id, by=admin)
    on_behalf = Principal(tester)
    storage = media.get_storage()
    for photo, data, processed in decoded:
        photos.store_photo(session=session, principal=on_behalf, storage=storage, evaluation_id=file.evaluation_id,
                          photo_id=photo.id, assignment_id=assignment_id, question_id=photo.question_id, data=data,
                          processed=processed, captured_at=photo.taken_at, admit_expired=True)
    return submit(session=session, principal=on_behalf, settings=settings, evaluation_id=file.evaluation_id,
                  payload=file.payload, imported_by=admin, admit_expired=True)


def _decoded_photos(file: OutboxFile, settings: Settings) -> list[tuple]:
    """Each photo of the file with its bytes, checked like an upload, before any database work."""
    named = {photo_id: question_id for question_id, answer in file.payload.answers.items()
             for photo_id in answer.photos}
    result: list[tuple] = []
    seen: set[str] = set()
    for index, photo in enumerate(file.photos):
        path = f"photos.{index}"
        photo_id = str(photo.id)
        if photo_id in seen:
            raise invalid([{"path": f"{path}.id", "message": f"photo {photo_id} is in the file twice"}])
        seen.add(photo_id)
        if named.get(photo_id) != photo.question_id:
            message = (f"no answer names photo {photo_id}" if photo_id not in named
                       else f"the answers name photo {photo_id} for question {named[photo_id]}")
            raise invalid([{"path": f"{path}.question_id" if photo_id in named else f"{path}.id",
                            "message": message}])
        try:
            data = base64.b64decode(photo.data, validate=True)
        except (binascii.Error, ValueError):
            raise invalid([{"path": f"{path}.data", "message": "is not base64"}]) from None
        if len(data) > settings.photo_max_bytes:
            raise AppError(413, "photo_too_large", f"Photo {photo_id} is larger than {settings.photo_max_bytes} bytes.",
                           errors=[{"path": f"{path}.data", "message": "too large"}])
        processed: ProcessedPhoto
        try:
            processed = media.checked_photo(data)
        except AppError as exc:
            exc.errors = [{"path": f"{path}.data", "message": exc.detail}]
            raise
        result.append((photo, data, processed))
    return result
