"""Checklist templates: list, read versions, publish new immutable versions, validate for an editor."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from backend.checklists import service
from backend.checklists.loader import validate_template
from backend.checklists.models import ChecklistTemplate, ChecklistVersion
from backend.checklists.schemas import (
    IssuePublic, TemplateSummary, ValidationResult, VersionPublic, VersionSource, VersionSummary,
)
from backend.auth.dependencies import Admin, AnyUser, Staff
from backend.unit_of_work import SessionDep, UnitOfWorkRoute
from backend.errors import AppError
from backend.uploads import bounded_body

router = APIRouter(tags=["checklists"], route_class=UnitOfWorkRoute)
MAX_TEMPLATE_BYTES = 1_000_000
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain")
TEMPLATE_BODY = {
    "requestBody": {
        "required": True,
        "description": "the template as YAML (application/yaml) or JSON (application/json); at most 1 MB",
        "content": {"application/yaml": {"schema": {"type": "string"}},
                    "application/json": {"schema": {"type": "object"}}},
    }
}


async def read_template_body(request: Request) -> tuple[str, str]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        source_format = "json"
    elif content_type in YAML_TYPES:
        source_format = "yaml"
    else:
        raise AppError(415, "unsupported_media_type", "Send the template as application/yaml or application/json.")
    body = await bounded_body(request, max_bytes=MAX_TEMPLATE_BYTES,
                              too_large=AppError(413, "template_too_large", "A template may have at most 1 MB."))
    try:
        return body.decode("utf-8"), source_format
    except UnicodeDecodeError as exc:
        raise AppError(422, "template_invalid", f"The template is not UTF-8 text (byte {exc.start}).") from exc


def _public(template: ChecklistTemplate, version: ChecklistVersion) -> VersionPublic:
    return VersionPublic(key=template.key, kind=template.kind, version_id=version.id, version=version.version,
                         title=version.title, published_at=version.published_at, content_hash=version.content_hash,
                         definition=version.definition)


@router.get("/checklists", response_model=list[TemplateSummary], summary="Checklist templates the caller may see")
def list_checklists(principal: AnyUser, session: SessionDep) -> list[TemplateSummary]:
    return [
        TemplateSummary(key=t.key, kind=t.kind, latest_version=t.latest_version, versions=[
            VersionSummary(version_id=v.id, version=v.version, title=v.title, published_at=v.published_at)
            for v in versions])
        for t, versions in service.list_templates(session=session, principal=principal)
    ]


def _publish(session, principal, source: str, source_format: str, expected_key: str | None = None
             ) -> tuple[VersionPublic, bool]:
    """Publish off the event loop and commit in the same thread (see backend.unit_of_work.UnitOfWorkRoute)."""
    version, created = service.publish(session=session, principal=principal, source=source,
                                       source_format=source_format, expected_key=expected_key)
    public = _public(session.get(ChecklistTemplate, version.template_id), version)
    session.commit()
    return public, created


@router.post("/checklists", response_model=VersionPublic, status_code=201, openapi_extra=TEMPLATE_BODY,
             summary="Create a checklist template from YAML or JSON (its version 1)")
async def create_checklist(request: Request, principal: Admin, session: SessionDep) -> VersionPublic:
    source, source_format = await read_template_body(request)
    public, _ = await run_in_threadpool(_publish, session, principal, source, source_format)
    return public


@router.post("/checklists/validate", response_model=ValidationResult,
             openapi_extra=TEMPLATE_BODY, summary="Check a template without publishing it (an editor's check button)")
async def validate_checklist(request: Request, principal: Admin) -> ValidationResult:
    source, source_format = await read_template_body(request)
    issues = validate_template(source, filename=f"editor.{source_format}", format=source_format)
    return ValidationResult(valid=not issues, issues=[
        IssuePublic(line=i.line, path=i.path, message=i.message, code=i.code) for i in issues])


@router.get("/checklists/{key}", response_model=VersionPublic,
            summary="The latest version of a checklist, or ?version=N, parsed for rendering")
def get_checklist(key: str, principal: AnyUser, session: SessionDep,
                  version: Annotated[int | None, Query(ge=1)] = None) -> VersionPublic:
    template, found = service.get_version(session=session, principal=principal, key=key, version=version)
    return _public(template, found)


@router.get("/checklists/{key}/versions/{version}/source", response_model=VersionSource,
            summary="The YAML or JSON a version was published from (for editing)")
def get_checklist_source(key: str, version: int, principal: Staff, session: SessionDep) -> VersionSource:
    template, found = service.get_version(session=session, principal=principal, key=key, version=version)
    return VersionSource(key=template.key, version=found.version, source_format=found.source_format,
                         source=found.source)


@router.post("/checklists/{key}/versions", response_model=VersionPublic, status_code=201,
             openapi_extra=TEMPLATE_BODY,
             responses={200: {"description": "unchanged: the latest version already has this content"}},
             summary="Publish a new immutable version of a checklist")
async def publish_version(key: str, request: Request, response: Response, principal: Admin,
                          session: SessionDep) -> VersionPublic:
    source, source_format = await read_template_body(request)
    public, created = await run_in_threadpool(_publish, session, principal, source, source_format, key)
    if not created:
        response.status_code = 200
    return public
