"""Client logos for reports and the console: checked like photos, stored without metadata. Flushes, never commits."""

from __future__ import annotations

from sqlmodel import Session

from backend.auth.principal import Principal
from backend.clients.models import Client
from backend.clients.service import get_client
from backend.errors import not_found
from backend.media.pipeline import ProcessedPhoto
from backend.media.service import get_storage
from backend.media.storage import ObjectNotFound


def logo_key(client_id: int) -> str:
    return f"clients/{client_id}/logo.jpg"


def store_logo(*, session: Session, principal: Principal, client_id: int, image: ProcessedPhoto) -> Client:
    """Keep the re-encoded copy (never the upload itself) and point the client at it."""
    client = get_client(session=session, principal=principal, client_id=client_id)
    key = logo_key(client.id)
    get_storage().put(key, image.display_jpeg)
    client.logo_key = key
    session.add(client)
    session.flush()
    return client


def logo_bytes(*, session: Session, principal: Principal, client_id: int) -> bytes:
    client = get_client(session=session, principal=principal, client_id=client_id)
    if not client.logo_key:
        raise not_found(f"A logo of client {client_id}")
    try:
        return get_storage().get(client.logo_key)
    except ObjectNotFound as exc:
        raise not_found(f"A logo of client {client_id}") from exc


def remove_logo(*, session: Session, principal: Principal, client_id: int) -> None:
    client = get_client(session=session, principal=principal, client_id=client_id)
    if client.logo_key:
        get_storage().delete(client.logo_key)
    client.logo_key = None
    session.add(client)
    session.flush()
