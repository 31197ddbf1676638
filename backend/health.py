"""Liveness and readiness probes for load balancers."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from backend.db import get_engine
from backend.migrate import current_revision, head_revision

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is alive")
def healthz() -> dict:
    return {"status": "ok"}


@router.get("/readyz", summary="The database is reachable and migrated to head")
def readyz() -> JSONResponse:
    try:
        engine = get_engine()
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        current, head = current_revision(engine), head_revision()
    except Exception as exc:  # any failure to reach the database means not ready
        return JSONResponse({"status": "unavailable", "detail": type(exc).__name__}, status_code=503)
    if current != head:
        return JSONResponse({"status": "migrating", "current": current, "head": head}, status_code=503)
    return JSONResponse({"status": "ready", "revision": current})
