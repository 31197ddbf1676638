"""The FastAPI application: API under /api/v1, health probes, and the PWA at /."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware

from backend import api_docs, health, shell
from backend.assignments import routes as assignments
from backend.auth import routes as auth
from backend.body_limit import BodyLimitMiddleware
from backend.checklists import preview_routes as checklist_preview, routes as checklists
from backend.clients import routes as clients
from backend.config import get_settings
from backend.db import reading_only
from backend.errors import install_error_handlers
from backend.evaluations import photo_routes as photos, routes as evaluations
from backend.head_requests import HeadAsGet
from backend.planning import routes as planning
from backend.projects import routes as projects
from backend.reports import routes as reports
from backend.results import progress_routes as progress, routes as results
from backend.security_headers import SecurityHeadersMiddleware
from backend.users import routes as users

API_PREFIX = "/api/v1"
# Larger bodies are refused while they arrive, before anything parses them: the biggest legitimate
# one is a 5 MB CSV import; photo and logo uploads take the configurable photo limit instead.
MAX_BODY_BYTES = 6_000_000
UPLOAD_PATHS = re.compile(rf"^{API_PREFIX}/(evaluations/[^/]+/photos/[^/]+|clients/[^/]+/logo)$")
API_ROUTERS = (auth, users, checklists, checklist_preview, clients, projects, assignments, planning, progress, photos, evaluations,
               results, reports)


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SafeMethodsReadOnly:
    """GET, HEAD and OPTIONS only read: their transactions never wait for SQLite's write lock."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["method"] in SAFE_METHODS:
            with reading_only():
                await self.app(scope, receive, send)
            return
        await self.app(scope, receive, send)


def create_app() -> FastAPI:
    settings = get_settings()
    settings.resolved_secret_key()  # made on first start: an unwritable var dir fails now, not at a login
    app = FastAPI(
        title="fieldcheck",
        version="0.1.0",
        summary="Mystery shopping: checklists, offline fieldwork, scores per persona and touchpoint, PDF reports.",
        description="Every error is RFC 9457 problem details with a stable `code`. "
        "Authenticate with `POST /api/v1/auth/login`, then send `Authorization: Bearer <token>`.",
        docs_url=None, redoc_url=None,
    )
    api_docs.install(app)
    install_error_handlers(app)
    upload_limit = settings.photo_max_bytes + photos.MULTIPART_SLACK
    # Innermost, so that its 413 passes the security headers like every other answer.
    import_path = API_PREFIX + evaluations.IMPORT_PATH

    def limit_for(path: str) -> int:
        if path == import_path:
            return evaluations.MAX_IMPORT_BYTES
        return upload_limit if UPLOAD_PATHS.match(path) else MAX_BODY_BYTES

    app.add_middleware(BodyLimitMiddleware, limit_for=limit_for)
    app.add_middleware(SafeMethodsReadOnly)
    app.add_middleware(SecurityHeadersMiddleware)
    # Halves what a new phone downloads for the app shell; PDFs and photos barely shrink but cost little.
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["*"],
                           allow_headers=["Authorization", "Content-Type"])
    # Outermost: every layer inside, down to the routes, sees the GET a HEAD stands for.
    app.add_middleware(HeadAsGet)
    app.include_router(health.router)
    for module in API_ROUTERS:
        app.include_router(module.router, prefix=API_PREFIX)
    app.include_router(shell.router)
    return app


app = create_app()
