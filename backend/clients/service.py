"""Clients, scoped by the caller. Flushes, never commits."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, func, select

from backend.auth.models import Role
from backend.auth.principal import Principal
from backend.clients.models import Client
from backend.errors import conflict, not_found


def scoped(query, principal: Principal, client_column):
    # Client users see their own client's rows only; anything else looks as if it did not exist.
    if principal.role == Role.client:
        return query.where(client_column == principal.client_id)
    return query


def list_clients(*, session: Session, principal: Principal) -> list[Client]:
    return list(session.exec(scoped(select(Client), principal, Client.id).order_by(Client.name, Client.id)))


def get_client(*, session: Session, principal: Principal, client_id: int) -> Client:
    client = session.exec(scoped(select(Client), principal, Client.id).where(Client.id == client_id)).first()
    if client is None:
        raise not_found(f"Client {client_id}")
    return client


def _check_client_name_free(session: Session, name: str, *, except_id: int | None = None) -> None:
    query = select(Client.id).where(func.lower(Client.name) == name.lower())
    if except_id is not None:
        query = query.where(Client.id != except_id)
    if session.exec(query).first() is not None:
        raise conflict("client_name_taken", f"A client named {name!r} already exists.",
                       errors=[{"path": "name", "message": "already taken"}])


def create_client(*, session: Session, name: str, brand_color: str, report_language: str) -> Client:
    _check_client_name_free(session, name)
    client = Client(name=name, brand_color=brand_color, report_language=report_language)
    session.add(client)
    session.flush()
    return client


def update_client(*, session: Session, principal: Principal, client_id: int, changes: dict[str, Any]) -> Client:
    client = get_client(session=session, principal=principal, client_id=client_id)
    if "name" in changes:
        _check_client_name_free(session, changes["name"], except_id=client.id)
    for field, value in changes.items():
        setattr(client, field, value)
    session.add(client)
    session.flush()
    return client
