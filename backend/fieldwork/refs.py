"""The one set of reference schemas: how a response names a related row."""

from __future__ import annotations

from pydantic import BaseModel, Field


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


class LocationSummary(Ref):
    """A visited location as an evaluation shows it: what kind of place, and where."""

    kind: str
    city: str | None = None


class TesterPseudonym(BaseModel):
    """The tester as an evaluation shows them: the pseudonym, and the name only to those who may see it."""

    pseudonym: str
    display_name: str | None = Field(default=None, description="only for agency staff and the tester")


class ChecklistRef(BaseModel):
    version_id: int
    key: str
    version: int
    title: str


def location_ref(location) -> LocationRef:
    return LocationRef(id=location.id, code=location.code, name=location.name)


def tester_ref(user) -> TesterRef:
    return TesterRef(id=user.id, display_name=user.display_name, pseudonym=user.pseudonym)
