"""Request bodies: the one bounded reader, the CSV upload built on it, and the problem a refused table is."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import Request
from starlette.datastructures import UploadFile

from backend.errors import AppError
from backend.tables import CsvImportError, CsvTooLarge

MAX_CSV_BYTES = 5_000_000
_MULTIPART_SLACK = 64_000  # room for the multipart envelope around a file of the maximum size
CSV_TYPES = ("text/csv", "text/plain", "application/csv", "application/vnd.ms-excel")


async def bounded_body(request: Request, *, max_bytes: int, too_large: AppError) -> bytes:
    """The request body, read only up to max_bytes: a body declared or arriving larger is refused as too_large."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise too_large
    return bytes(body)


def csv_request_body(*, max_rows: int, columns: str) -> dict:
    """The OpenAPI request body of a CSV upload route (`openapi_extra`); `columns` says what the file holds."""
    return {"requestBody": {
        "required": True,
        "description": f"a CSV file of at most {MAX_CSV_BYTES // 1_000_000} MB and {max_rows} rows{columns}, "
                       "comma or semicolon delimited, UTF-8",
        "content": {
            "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                               "properties": {"file": {"type": "string", "format": "binary"}}}},
            "text/csv": {"schema": {"type": "string"}},
        },
    }}


async def csv_upload(request: Request) -> bytes:
    """The CSV bytes of a multipart upload (field `file`) or a text/csv body, read only up to the size limit."""
    too_large = AppError(413, "csv_too_large", "A CSV import may be at most 5 MB; split the file.")
    body = await bounded_body(request, max_bytes=MAX_CSV_BYTES + _MULTIPART_SLACK, too_large=too_large)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        data = await _form_file(request, body)
    elif content_type in CSV_TYPES:
        data = body
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


@contextmanager
def table_problems() -> Iterator[None]:
    """A table that cannot be imported, as the client reads it: 413 when it has too many rows, else a 422 naming
    each row and column; nothing of it is stored."""
    try:
        yield
    except CsvTooLarge as exc:
        raise AppError(413, "csv_too_large", str(exc)) from exc
    except CsvImportError as exc:
        raise AppError(422, "csv_invalid", f"{exc.error_count} problem(s) in the file; nothing was imported.",
                       errors=[{"row": e.row, "column": e.column, "message": e.message} for e in exc.errors],
                       error_count=exc.error_count) from exc
