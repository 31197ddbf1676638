"""Photo upload (idempotent, device-made ids) and role-scoped downloads."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Response, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from backend.config import get_settings
from backend.auth.dependencies import AnyUser, Tester
from backend.unit_of_work import SessionDep, UnitOfWorkRoute
from backend.errors import AppError
from backend.evaluations import photos
from backend.media import service as media
from backend.media.pipeline import PhotoRejected, read_limited
from backend.media.storage import make_photo_keys
from backend.timeutil import UtcDatetime

router = APIRouter(tags=["photos"], route_class=UnitOfWorkRoute)
MULTIPART_SLACK = 64_000  # the form fields and multipart envelope around the image


class PhotoPublic(BaseModel):
    id: uuid.UUID
    evaluation_id: uuid.UUID
    question_id: str
    sha256: str
    width: int
    height: int
    taken_at: datetime | None


@router.put(
    "/evaluations/{evaluation_id}/photos/{photo_id}",
    response_model=PhotoPublic,
    status_code=201,
    summary="Upload one photo (both ids made on the device; a retry is harmless)",
    responses={200: {"description": "the same photo again"}, 409: {"description": "other bytes under this id"},
               413: {"description": "too large"}, 415: {"description": "not a JPEG, PNG, WebP or HEIC image"}},
)
def upload_photo(
    evaluation_id: uuid.UUID,
    photo_id: uuid.UUID,
    principal: Tester,
    session: SessionDep,
    response: Response,
    assignment_id: Annotated[int, Form(description="the assignment the photo is evidence for")],
    question_id: Annotated[str, Form(max_length=64, description="the question it belongs to")],
    file: Annotated[UploadFile, File(description="the image; checked by its content")],
    captured_at: Annotated[UtcDatetime | None, Form(description="device time of capture, with its UTC offset; "
                                                                "used when the image carries no EXIF time")] = None,
) -> PhotoPublic:
    try:
        data = read_limited(file.file, get_settings().photo_max_bytes)
    except PhotoRejected as exc:
        raise AppError(413, exc.code, exc.message) from exc
    processed = media.checked_photo(data)
    photo, created = photos.store_photo(
        session=session, principal=principal, storage=media.get_storage(), evaluation_id=evaluation_id,
        photo_id=photo_id, assignment_id=assignment_id, question_id=question_id, data=data,
        processed=processed, captured_at=captured_at)
    if not created:
        response.status_code = 200
    return PhotoPublic.model_validate(photo, from_attributes=True)


@router.get(
    "/photos/{photo_id}/{variant}",
    response_class=Response,
    summary="A photo: display copy, thumbnail (both without metadata) or the original (staff only)",
    responses={200: {"content": {"image/jpeg": {}}}},
)
async def download_photo(
    photo_id: uuid.UUID, variant: Literal["display", "thumbnail", "original"], principal: AnyUser, session: SessionDep
) -> Response:
    photo = await run_in_threadpool(photos.readable_photo, session=session, principal=principal,
                                    photo_id=photo_id, variant=variant)
    keys = make_photo_keys(photo.id)
    key = {"display": keys.display, "thumbnail": keys.thumbnail, "original": keys.original}[variant]
    data = await run_in_threadpool(media.get_storage().get, key)
    media_type = photo.content_type if variant == "original" else "image/jpeg"
    headers = {"Cache-Control": "private, max-age=86400", "X-Photo-SHA256": photo.sha256} if variant == "original" \
        else {"Cache-Control": "private, max-age=86400"}
    return Response(data, media_type=media_type, headers=headers)
