"""The one set of reference schemas: how a response names a related row."""

from __future__ import annotations

from pydantic import BaseModel


class Ref(BaseModel):
    id: int
    name: str


class LocationRef(BaseModel):
    id: int
    code: str
    name: str


class TesterRef(BaseModel):
    id: int
    display_name: str
    pseudonym: str | None


def location_ref(location) -> LocationRef:
    return LocationRef(id=location.id, code=location.code, name=location.name)


def tester_ref(user) -> TesterRef:
    return TesterRef(id=user.id, display_name=user.display_name, pseudonym=user.pseudonym)
