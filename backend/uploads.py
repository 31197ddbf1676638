"""Reading an uploaded table (CSV) from a request body, never past its size limit."""

from __future__ import annotations

from fastapi import Request
from starlette.datastructures import UploadFile

from backend.errors import AppError


MAX_CSV_BYTES = 5_000_000


_MULTIPART_SLACK = 64_000  # room for the multipart envelope around a file of the maximum size


CSV_TYPES = ("text/csv", "text/plain", "application/csv", "application/vnd.ms-excel")


async def csv_upload(request: Request) -> bytes:
    """The CSV bytes of a multipart upload (field `file`) or a text/csv body, read only up to the size limit."""
    too_large = AppError(413, "csv_too_large", "A CSV import may be at most 5 MB; split the file.")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_CSV_BYTES + _MULTIPART_SLACK:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_CSV_BYTES + _MULTIPART_SLACK:
            raise too_large
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        data = await _form_file(request, bytes(body))
    elif content_type in CSV_TYPES:
        data = bytes(body)
    else:
        raise AppError(415, "unsupported_media_type", "Upload the CSV as multipart/form-data (field 'file') "
                                                      "or send it as text/csv.")
    if len(data) > MAX_CSV_BYTES:
        raise too_large
    return data


async def _form_file(request: Request, body: bytes) -> bytes:
    async def replay() -> dict:
        return {"type": "http.request", "body": body, "more_body": False}

    # The body was read under the size limit above; parse that copy, never the unbounded stream.
    async with Request(request.scope, receive=replay).form(max_files=1, max_fields=10) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise AppError(422, "validation_failed", "Attach the CSV file as the form field 'file'.",
                           errors=[{"path": "file", "message": "required"}])
        return await upload.read()
