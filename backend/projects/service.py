"""Locations and projects with waves, scoped by the caller. Services flush, never commit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import or_
from sqlmodel import Session, func, select

from backend.auth.principal import Principal
from backend.checklists.models import ChecklistVersion
from backend.clients.models import Client
from backend.clients.service import scoped
from backend.errors import conflict, invalid, not_found
from backend.evaluations.models import Evaluation
from backend.fieldwork.models import Assignment, Location, Project, ProjectLocation, Wave
from backend.projects.schemas import LocationFields, WaveCreate

LOCATION_FIELDS = tuple(LocationFields.model_fields)


def validated(model: type[BaseModel], data: dict[str, Any]) -> Any:
    """The data checked by a schema, or a 422 naming each field that is wrong."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise invalid([{"path": ".".join(str(part) for part in error["loc"]), "message": error["msg"]}
                       for error in exc.errors()]) from exc


# Locations

def list_locations(
    *, session: Session, principal: Principal, client_id: int | None, kind: str | None, city: str | None,
    q: str | None, limit: int, offset: int,
) -> tuple[list[Location], int]:
    query = scoped(select(Location), principal, Location.client_id)
    if client_id is not None:
        query = query.where(Location.client_id == client_id)
    if kind is not None:
        query = query.where(Location.kind == kind)
    if city:
        query = query.where(func.lower(Location.city) == city.strip().lower())
    if q and q.strip():
        needle = q.strip().lower()
        query = query.where(or_(func.lower(Location.name).contains(needle, autoescape=True),
                                func.lower(Location.code).contains(needle, autoescape=True)))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    page = query.order_by(Location.client_id, Location.code, Location.id).offset(offset).limit(limit)
    return list(session.exec(page)), total


def get_location(*, session: Session, principal: Principal, location_id: int) -> Location:
    location = session.exec(scoped(select(Location), principal, Location.client_id)
                            .where(Location.id == location_id)).first()
    if location is None:
        raise not_found(f"Location {location_id}")
    return location


def _check_code_free(session: Session, *, client_id: int, code: str, except_id: int | None = None) -> None:
    query = select(Location.id).where(Location.client_id == client_id, Location.code == code)
    if except_id is not None:
        query = query.where(Location.id != except_id)
    if session.exec(query).first() is not None:
        raise conflict("location_code_taken", f"The client already has a location with the code {code!r}.",
                       errors=[{"path": "code", "message": "already used by another location of this client"}])


def create_location(*, session: Session, client_id: int, fields: LocationFields) -> Location:
    if session.get(Client, client_id) is None:
        raise invalid([{"path": "client_id", "message": f"there is no client {client_id}"}])
    _check_code_free(session, client_id=client_id, code=fields.code)
    location = Location(client_id=client_id, **fields.model_dump(include=set(LOCATION_FIELDS)))
    session.add(location)
    session.flush()
    return location


def update_location(*, session: Session, principal: Principal, location_id: int,
                    changes: dict[str, Any]) -> Location:
    location = get_location(session=session, principal=principal, location_id=location_id)
    # Check the location as it will be, so a change cannot leave half a coordinate pair behind.
    fields: LocationFields = validated(
        LocationFields, {**{field: getattr(location, field) for field in LOCATION_FIELDS}, **changes})
    if fields.code != location.code:
        _check_code_free(session, client_id=location.client_id, code=fields.code, except_id=location.id)
    for field, value in fields.model_dump().items():
        setattr(location, field, value)
    session.add(location)
    session.flush()
    return location


def import_locations(*, session: Session, client_id: int, rows: Sequence[LocationFields]) -> tuple[int, int, int]:
    """Create the new codes and update the known ones: (created, updated, unchanged)."""
    existing = {location.code: location
                for location in session.exec(select(Location).where(Location.client_id == client_id))}
    created = updated = unchanged = 0
    for row in rows:
        values = row.model_dump(exclude_unset=True)
        location = existing.get(row.code)
        if location is None:
            session.add(Location(client_id=client_id, **row.model_dump()))
            created += 1
        elif all(getattr(location, field) == value for field, value in values.items()):
            unchanged += 1
        else:
            for field, value in values.items():
                setattr(location, field, value)
            session.add(location)
            updated += 1
    session.flush()
    return created, updated, unchanged


# Projects and waves

def list_projects(*, session: Session, principal: Principal, client_id: int | None) -> list[Project]:
    query = scoped(select(Project), principal, Project.client_id)
    if client_id is not None:
        query = query.where(Project.client_id == client_id)
    return list(session.exec(query.order_by(Project.id)))


def get_project(*, session: Session, principal: Principal, project_id: int) -> Project:
    project = session.exec(scoped(select(Project), principal, Project.client_id)
                           .where(Project.id == project_id)).first()
    if project is None:
        raise not_found(f"Project {project_id}")
    return project


def _foreign_locations(session: Session, *, client_id: int, location_ids: Sequence[int]) -> list[int]:
    """The ids that are not locations of the client."""
    wanted = set(location_ids)
    own = set(session.exec(select(Location.id).where(Location.client_id == client_id,
                                                     Location.id.in_(wanted)))) if wanted else set()
    return sorted(wanted - own)


def _location_ids_error(foreign: list[int]) -> dict[str, str]:
    listed = ", ".join(str(i) for i in foreign[:20])
    return {"path": "location_ids", "message": f"not locations of the project's client: {listed}"}


def create_project(
    *, session: Session, client_id: int, checklist_version_id: int, name: str, waves: Sequence[WaveCreate],
    location_ids: Sequence[int],
) -> Project:
    errors = []
    if session.get(Client, client_id) is None:
        errors.append({"path": "client_id", "message": f"there is no client {client_id}"})
    elif foreign := _foreign_locations(session, client_id=client_id, location_ids=location_ids):
        errors.append(_location_ids_error(foreign))
    if session.get(ChecklistVersion, checklist_version_id) is None:
        errors.append({"path": "checklist_version_id",
                       "message": f"there is no published checklist version {checklist_version_id}"})
    if errors:
        raise invalid(errors)
    project = Project(client_id=client_id, checklist_version_id=checklist_version_id, name=name)
    session.add(project)
    session.flush()
    for wave in waves:
        session.add(Wave(project_id=project.id, **wave.model_dump()))
    for location_id in dict.fromkeys(location_ids):
        session.add(ProjectLocation(project_id=project.id, location_id=location_id))
    session.flush()
    return project


def update_project(*, session: Session, principal: Principal, project_id: int, changes: dict[str, Any]) -> Project:
    project = get_project(session=session, principal=principal, project_id=project_id)
    if "checklist_version_id" in changes and changes["checklist_version_id"] != project.checklist_version_id:
        _change_checklist(session, project, changes["checklist_version_id"])
    if "location_ids" in changes:
        _replace_locations(session, project, changes["location_ids"])
    if "name" in changes:
        project.name = changes["name"]
    session.add(project)
    session.flush()
    return project


def _change_checklist(session: Session, project: Project, version_id: int) -> None:
    version = session.get(ChecklistVersion, version_id)
    if version is None:
        raise invalid([{"path": "checklist_version_id",
                        "message": f"there is no published checklist version {version_id}"}])
    if session.exec(select(Evaluation.id).where(Evaluation.project_id == project.id)).first() is not None:
        raise conflict("project_has_evaluations", "The project already has evaluations against its checklist "
                       "version; start a new project for the new version.")
    known = {persona["id"] for persona in version.definition.get("personas", [])}
    assigned = set(session.exec(select(Assignment.persona).where(Assignment.project_id == project.id)))
    if missing := sorted(assigned - known):
        raise invalid([{"path": "checklist_version_id",
                        "message": f"assignments use personas this version lacks: {', '.join(missing)}"}])
    project.checklist_version_id = version_id


def _replace_locations(session: Session, project: Project, location_ids: Sequence[int]) -> None:
    if foreign := _foreign_locations(session, client_id=project.client_id, location_ids=location_ids):
        raise invalid([_location_ids_error(foreign)])
    current = set(session.exec(select(ProjectLocation.location_id).where(ProjectLocation.project_id == project.id)))
    removed = current - set(location_ids)
    in_use = sorted(set(session.exec(select(Assignment.location_id).where(
        Assignment.project_id == project.id, Assignment.location_id.in_(removed))))) if removed else []
    if in_use:
        raise conflict("location_has_assignments",
                       f"Locations {', '.join(map(str, in_use))} have assignments in this project: keep them.",
                       errors=[{"path": "location_ids", "message": "locations with assignments must stay"}])
    for link in session.exec(select(ProjectLocation).where(ProjectLocation.project_id == project.id,
                                                           ProjectLocation.location_id.in_(removed))):
        session.delete(link)
    for location_id in dict.fromkeys(location_ids):
        if location_id not in current:
            session.add(ProjectLocation(project_id=project.id, location_id=location_id))


def add_wave(*, session: Session, principal: Principal, project_id: int, wave: WaveCreate) -> Wave:
    project = get_project(session=session, principal=principal, project_id=project_id)
    if session.exec(select(Wave.id).where(Wave.project_id == project.id, Wave.name == wave.name)).first():
        raise conflict("wave_name_taken", f"The project already has a wave named {wave.name!r}.",
                       errors=[{"path": "name", "message": "already used in this project"}])
    created = Wave(project_id=project.id, **wave.model_dump())
    session.add(created)
    session.flush()
    return created


def project_location_ids(session: Session, project: Project) -> list[int]:
    """The project's locations by code: the order a plan goes through them."""
    return list(session.exec(
        select(ProjectLocation.location_id).join(Location, Location.id == ProjectLocation.location_id)
        .where(ProjectLocation.project_id == project.id).order_by(Location.code, Location.id)))


def project_waves(session: Session, project: Project) -> list[Wave]:
    return list(session.exec(select(Wave).where(Wave.project_id == project.id)
                             .order_by(Wave.starts_on.is_(None), Wave.starts_on, Wave.id)))
