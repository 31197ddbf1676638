"""Clients and their logos: set up by admins, read by staff and the client's own users."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Response, UploadFile
from fastapi.concurrency import run_in_threadpool

from backend.auth.dependencies import Admin, StaffOrClient
from backend.clients import logos, service
from backend.clients.schemas import ClientCreate, ClientPublic, ClientUpdate, LogoPublic
from backend.config import get_settings
from backend.errors import AppError
from backend.fieldwork.params import PathId
from backend.media.pipeline import PhotoRejected, read_limited
from backend.media.service import checked_photo
from backend.unit_of_work import SessionDep, UnitOfWorkRoute


router = APIRouter(tags=["fieldwork"], route_class=UnitOfWorkRoute)


@router.get("/clients", response_model=list[ClientPublic], summary="Clients: staff see all, a client user their own")
def list_clients(principal: StaffOrClient, session: SessionDep) -> list[ClientPublic]:
    return [ClientPublic.model_validate(c) for c in service.list_clients(session=session, principal=principal)]


@router.post("/clients", response_model=ClientPublic, status_code=201, summary="Create a client")
def create_client(body: ClientCreate, principal: Admin, session: SessionDep) -> ClientPublic:
    return ClientPublic.model_validate(service.create_client(session=session, **body.model_dump()))


@router.get("/clients/{client_id}", response_model=ClientPublic, summary="Get a client")
def get_client(client_id: PathId, principal: StaffOrClient, session: SessionDep) -> ClientPublic:
    return ClientPublic.model_validate(service.get_client(session=session, principal=principal, client_id=client_id))


@router.patch("/clients/{client_id}", response_model=ClientPublic, summary="Change a client's name, colour or language")
def update_client(client_id: PathId, body: ClientUpdate, principal: Admin, session: SessionDep) -> ClientPublic:
    client = service.update_client(session=session, principal=principal, client_id=client_id,
                                   changes=body.model_dump(exclude_unset=True))
    return ClientPublic.model_validate(client)


@router.put("/clients/{client_id}/logo", response_model=LogoPublic,
            summary="Upload a client's logo for reports (checked by content, stored re-encoded without metadata)",
            responses={413: {"description": "photo_too_large"}, 415: {"description": "photo_unsupported_type"}})
def put_logo(client_id: int, principal: Admin, session: SessionDep,
             file: Annotated[UploadFile, File(description="JPEG, PNG, WebP or HEIC image")]) -> LogoPublic:
    try:
        data = read_limited(file.file, get_settings().photo_max_bytes)
    except PhotoRejected as exc:
        raise AppError(413, exc.code, exc.message) from exc
    image = checked_photo(data)
    client = logos.store_logo(session=session, principal=principal, client_id=client_id, image=image)
    return LogoPublic(client_id=client.id, width=image.display_width, height=image.display_height)


@router.get("/clients/{client_id}/logo", response_class=Response,
            summary="A client's logo as JPEG (404 when it has none)",
            responses={200: {"content": {"image/jpeg": {}}}})
async def get_logo(client_id: int, principal: StaffOrClient, session: SessionDep) -> Response:
    data = await run_in_threadpool(logos.logo_bytes, session=session, principal=principal, client_id=client_id)
    return Response(data, media_type="image/jpeg", headers={"Cache-Control": "no-store"})


@router.delete("/clients/{client_id}/logo", status_code=204, response_class=Response,
               summary="Remove a client's logo")
def delete_logo(client_id: int, principal: Admin, session: SessionDep) -> Response:
    logos.remove_logo(session=session, principal=principal, client_id=client_id)
    return Response(status_code=204)
