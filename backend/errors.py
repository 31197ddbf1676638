"""One error type with a stable code, sent as RFC 9457 problem details."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"


class DatabaseBusy(Exception):
    """SQLite's single writer stayed busy for longer than a request may wait."""


class AppError(Exception):
    """An error a client can act on: HTTP status, stable code, a sentence, and where it is."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.errors = errors
        self.headers = headers
        self.extra = extra


def invalid(errors: list[dict[str, str]]) -> AppError:
    """A 422 naming each field that is wrong."""
    summary = "; ".join(f"{error['path']}: {error['message']}" for error in errors[:5])
    return AppError(422, "validation_failed", f"The request is invalid: {summary}", errors=errors)


def not_found(what: str) -> AppError:
    return AppError(404, "not_found", f"{what} was not found.")


def forbidden(detail: str = "Your role may not do this.") -> AppError:
    return AppError(403, "forbidden", detail)


def conflict(code: str, detail: str, **extra: Any) -> AppError:
    return AppError(409, code, detail, **extra)


def problem_response(
    status: int, code: str, detail: str, *, errors=None, headers=None, **extra: Any
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"https://fieldcheck.dev/problems/{code.replace('_', '-')}",
        "title": code.replace("_", " ").capitalize(),
        "status": status,
        "code": code,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _field_path(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body",)]
    return ".".join(parts)


_STATUS_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(_request: Request, exc: AppError) -> JSONResponse:
        return problem_response(
            exc.status, exc.code, exc.detail, errors=exc.errors, headers=exc.headers, **exc.extra
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"path": _field_path(tuple(err.get("loc", ()))), "message": err.get("msg", "invalid")}
            for err in exc.errors()
        ]
        summary = "; ".join(f"{e['path'] or 'body'}: {e['message']}" for e in errors[:5])
        return problem_response(422, "validation_failed", f"The request is invalid: {summary}", errors=errors)

    @app.exception_handler(DataError)
    @app.exception_handler(OverflowError)
    async def _out_of_range(_request: Request, exc: Exception) -> JSONResponse:
        # An id or number beyond what the database column holds names nothing that can exist.
        return problem_response(422, "value_out_of_range", "A number in the request is too large or too small.")

    @app.exception_handler(DatabaseBusy)
    @app.exception_handler(OperationalError)
    async def _busy(_request: Request, exc: Exception) -> JSONResponse:
        if isinstance(exc, OperationalError) and "database is locked" not in str(exc.orig):
            raise exc
        # Nothing was written; the device's outbox retries 5xx answers with the same ids.
        return problem_response(503, "database_busy", "The database is busy; retry in a moment.",
                                headers={"Retry-After": "1"})

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "http_error")
        detail = exc.detail if isinstance(exc.detail, str) else code
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405 and headers and "GET" in headers.get("Allow", "").split(", "):
            # backend.head_requests answers HEAD wherever GET is allowed.
            headers = {**headers, "Allow": headers["Allow"] + ", HEAD"}
        return problem_response(exc.status_code, code, detail, headers=headers)
