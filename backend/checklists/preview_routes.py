"""An editor's preview: a template checked and, when valid, parsed exactly as a published version would store it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel

from backend.checklists.issues import TemplateInvalid
from backend.checklists.loader import load_template
from backend.checklists.routes import TEMPLATE_BODY, read_template_body
from backend.checklists.schemas import IssuePublic
from backend.auth.dependencies import Admin
from backend.unit_of_work import UnitOfWorkRoute

router = APIRouter(tags=["checklists"], route_class=UnitOfWorkRoute)


class PreviewResult(BaseModel):
    valid: bool
    issues: list[IssuePublic]
    definition: dict[str, Any] | None
    """The definition as GET /checklists/{key} and GET /me/assignments would deliver it; null while invalid."""


@router.post("/checklists/preview", response_model=PreviewResult, openapi_extra=TEMPLATE_BODY,
             summary="Check a template and return its definition as testers would get it (an editor's live preview)")
async def preview_checklist(request: Request, principal: Admin) -> PreviewResult:
    source, source_format = await read_template_body(request)
    try:
        definition = load_template(source, filename=f"editor.{source_format}", format=source_format)
    except TemplateInvalid as exc:
        return PreviewResult(valid=False, definition=None, issues=[
            IssuePublic(line=i.line, path=i.path, message=i.message, code=i.code) for i in exc.issues])
    # The same dump as publishing stores, so the preview renders exactly what a tester's phone receives.
    return PreviewResult(valid=True, issues=[],
                         definition=definition.model_dump(mode="json", by_alias=True, exclude_none=True))
