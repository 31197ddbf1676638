"""Set-up for admins: a client's locations (with CSV import), and projects with waves."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from backend.auth.dependencies import Admin, StaffOrClient
from backend.clients import service as clients
from backend.fieldwork.fields import LocationKind
from backend.fieldwork.params import FilterId, Limit, Offset, PathId
from backend.projects import presenters, service
from backend.projects.csv_import import MAX_ROWS, parse_locations
from backend.projects.schemas import (
    ImportResult, LocationCreate, LocationPage, LocationPublic, LocationUpdate, ProjectCreate, ProjectPublic,
    ProjectUpdate, WaveCreate, WavePublic,
)
from backend.unit_of_work import SessionDep, UnitOfWorkRoute
from backend.uploads import csv_request_body, csv_upload, table_problems

router = APIRouter(tags=["fieldwork"], route_class=UnitOfWorkRoute)

CSV_BODY = csv_request_body(
    max_rows=MAX_ROWS, columns=": header row with the field names (or German titles such as Name, Straße, PLZ, Ort)")


@router.post("/clients/{client_id}/locations/import", response_model=ImportResult, status_code=201,
             openapi_extra=CSV_BODY, summary="Create or update a client's locations from a CSV file, all or nothing",
             responses={413: {"description": "csv_too_large"},
                        422: {"description": "csv_invalid: errors [{row, column, message}], nothing stored"}})
def import_locations(client_id: PathId, principal: Admin, session: SessionDep,
                     data: Annotated[bytes, Depends(csv_upload)]) -> ImportResult:
    client = clients.get_client(session=session, principal=principal, client_id=client_id)
    with table_problems():
        rows = parse_locations(data)
    created, updated, unchanged = service.import_locations(session=session, client_id=client.id, rows=rows)
    return ImportResult(created=created, updated=updated, unchanged=unchanged)


# Locations

@router.get("/locations", response_model=LocationPage, summary="Locations, filtered and paged")
def list_locations(principal: StaffOrClient, session: SessionDep, client_id: FilterId = None,
                   kind: LocationKind | None = None, city: Annotated[str | None, Query(max_length=100)] = None,
                   q: Annotated[str | None, Query(max_length=200, description="part of the name or code")] = None,
                   limit: Limit = 100, offset: Offset = 0) -> LocationPage:
    locations, total = service.list_locations(session=session, principal=principal, client_id=client_id, kind=kind,
                                              city=city, q=q, limit=limit, offset=offset)
    return LocationPage(items=[LocationPublic.model_validate(loc) for loc in locations], total=total)


@router.post("/locations", response_model=LocationPublic, status_code=201, summary="Create a location",
             responses={409: {"description": "location_code_taken"}})
def create_location(body: LocationCreate, principal: Admin, session: SessionDep) -> LocationPublic:
    location = service.create_location(session=session, client_id=body.client_id, fields=body)
    return LocationPublic.model_validate(location)


@router.get("/locations/{location_id}", response_model=LocationPublic, summary="Get a location")
def get_location(location_id: PathId, principal: StaffOrClient, session: SessionDep) -> LocationPublic:
    location = service.get_location(session=session, principal=principal, location_id=location_id)
    return LocationPublic.model_validate(location)


@router.patch("/locations/{location_id}", response_model=LocationPublic, summary="Change a location",
              responses={409: {"description": "location_code_taken"}})
def update_location(location_id: PathId, body: LocationUpdate, principal: Admin, session: SessionDep) -> LocationPublic:
    location = service.update_location(session=session, principal=principal, location_id=location_id,
                                       changes=body.model_dump(exclude_unset=True))
    return LocationPublic.model_validate(location)


# Projects

@router.get("/projects", response_model=list[ProjectPublic],
            summary="Projects: staff see all, a client user their own client's")
def list_projects(principal: StaffOrClient, session: SessionDep, client_id: FilterId = None) -> list[ProjectPublic]:
    found = service.list_projects(session=session, principal=principal, client_id=client_id)
    return presenters.describe_projects(session=session, projects=found)


@router.post("/projects", response_model=ProjectPublic, status_code=201,
             summary="Create a project with its checklist version, waves and locations")
def create_project(body: ProjectCreate, principal: Admin, session: SessionDep) -> ProjectPublic:
    project = service.create_project(session=session, client_id=body.client_id, name=body.name,
                                     checklist_version_id=body.checklist_version_id, waves=body.waves,
                                     location_ids=body.location_ids)
    return presenters.describe_project(session=session, project=project)


@router.get("/projects/{project_id}", response_model=ProjectPublic, summary="Get a project")
def get_project(project_id: PathId, principal: StaffOrClient, session: SessionDep) -> ProjectPublic:
    project = service.get_project(session=session, principal=principal, project_id=project_id)
    return presenters.describe_project(session=session, project=project)


@router.patch("/projects/{project_id}", response_model=ProjectPublic,
              summary="Rename a project, change its locations, or its checklist version before any evaluation",
              responses={409: {"description": "project_has_evaluations or location_has_assignments"}})
def update_project(project_id: PathId, body: ProjectUpdate, principal: Admin, session: SessionDep) -> ProjectPublic:
    project = service.update_project(session=session, principal=principal, project_id=project_id,
                                     changes=body.model_dump(exclude_unset=True))
    return presenters.describe_project(session=session, project=project)


@router.post("/projects/{project_id}/waves", response_model=WavePublic, status_code=201, summary="Add a wave",
             responses={409: {"description": "wave_name_taken"}})
def add_wave(project_id: PathId, body: WaveCreate, principal: Admin, session: SessionDep) -> WavePublic:
    return WavePublic.model_validate(service.add_wave(session=session, principal=principal, project_id=project_id,
                                                      wave=body))
