"""Set-up for admins: clients, locations (with CSV import), projects with waves, and assignments."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from starlette.datastructures import UploadFile

from backend.auth.dependencies import Admin, Staff, StaffOrClient
from backend.unit_of_work import SessionDep, UnitOfWorkRoute
from backend.errors import AppError
from backend.fieldwork import assignments, lifecycle, presenters, service
from backend.fieldwork.csv_import import MAX_ROWS, CsvImportError, CsvTooLarge, parse_locations
from backend.fieldwork.schemas import (
    MAX_ID, AssignmentCreate, AssignmentPage, AssignmentPublic, AssignmentStatus, AssignmentUpdate, ClientCreate, ClientPublic,
    ClientUpdate, ImportResult, LocationCreate, LocationKind, LocationPage, LocationPublic, LocationUpdate,
    ProjectCreate, ProjectPublic, ProjectUpdate, WaveCreate, WavePublic,
)

router = APIRouter(tags=["fieldwork"], route_class=UnitOfWorkRoute)
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=MAX_ID)]
# Ids beyond the 32-bit columns are refused as input errors before they reach the database.
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
FilterId = Annotated[int | None, Query(ge=1, le=MAX_ID)]

MAX_CSV_BYTES = 5_000_000
_MULTIPART_SLACK = 64_000  # room for the multipart envelope around a file of the maximum size
CSV_TYPES = ("text/csv", "text/plain", "application/csv", "application/vnd.ms-excel")
CSV_BODY = {
    "requestBody": {
        "required": True,
        "description": f"a CSV file of at most 5 MB and {MAX_ROWS} rows: header row with the field names "
                       "(or German titles such as Name, Straße, PLZ, Ort), comma or semicolon delimited, UTF-8",
        "content": {
            "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                               "properties": {"file": {"type": "string", "format": "binary"}}}},
            "text/csv": {"schema": {"type": "string"}},
        },
    }
}


async def csv_upload(request: Request) -> bytes:
    """The CSV bytes of a multipart upload (field `file`) or a text/csv body, read only up to the size limit."""
    too_large = AppError(413, "csv_too_large", "A CSV import may be at most 5 MB; split the file.")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_CSV_BYTES + _MULTIPART_SLACK:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_CSV_BYTES + _MULTIPART_SLACK:
            raise too_large
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        data = await _form_file(request, bytes(body))
    elif content_type in CSV_TYPES:
        data = bytes(body)
    else:
        raise AppError(415, "unsupported_media_type", "Upload the CSV as multipart/form-data (field 'file') "
                                                      "or send it as text/csv.")
    if len(data) > MAX_CSV_BYTES:
        raise too_large
    return data


async def _form_file(request: Request, body: bytes) -> bytes:
    async def replay() -> dict:
        return {"type": "http.request", "body": body, "more_body": False}

    # The body was read under the size limit above; parse that copy, never the unbounded stream.
    async with Request(request.scope, receive=replay).form(max_files=1, max_fields=10) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise AppError(422, "validation_failed", "Attach the CSV file as the form field 'file'.",
                           errors=[{"path": "file", "message": "required"}])
        return await upload.read()


# Clients

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


@router.post("/clients/{client_id}/locations/import", response_model=ImportResult, status_code=201,
             openapi_extra=CSV_BODY, summary="Create or update a client's locations from a CSV file, all or nothing",
             responses={413: {"description": "csv_too_large"},
                        422: {"description": "csv_invalid: errors [{row, column, message}], nothing stored"}})
def import_locations(client_id: PathId, principal: Admin, session: SessionDep,
                     data: Annotated[bytes, Depends(csv_upload)]) -> ImportResult:
    client = service.get_client(session=session, principal=principal, client_id=client_id)
    try:
        rows = parse_locations(data)
    except CsvTooLarge as exc:
        raise AppError(413, "csv_too_large", str(exc)) from exc
    except CsvImportError as exc:
        raise AppError(422, "csv_invalid", f"{exc.error_count} problem(s) in the file; nothing was imported.",
                       errors=[{"row": e.row, "column": e.column, "message": e.message} for e in exc.errors],
                       error_count=exc.error_count) from exc
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


# Assignments

@router.get("/assignments", response_model=AssignmentPage,
            summary="Assignments, filtered and paged; status open means no evaluation yet")
def list_assignments(principal: Staff, session: SessionDep, project_id: FilterId = None,
                     tester_id: FilterId = None, wave_id: FilterId = None, location_id: FilterId = None,
                     status: AssignmentStatus | None = None, limit: Limit = 100, offset: Offset = 0) -> AssignmentPage:
    rows, total = assignments.list_assignments(session=session, project_id=project_id, tester_id=tester_id,
                                               wave_id=wave_id, location_id=location_id, status=status,
                                               limit=limit, offset=offset)
    return AssignmentPage(items=presenters.describe_assignments(session=session, rows=rows), total=total)


@router.post("/assignments", response_model=AssignmentPublic, status_code=201,
             summary="Assign a tester to visit a project's location as a persona within a date window")
def create_assignment(body: AssignmentCreate, principal: Admin, session: SessionDep) -> AssignmentPublic:
    assignment = assignments.create_assignment(session=session, **body.model_dump())
    return presenters.describe_assignments(session=session, rows=[(assignment, None, None)])[0]


@router.get("/assignments/{assignment_id}", response_model=AssignmentPublic, summary="Get an assignment")
def get_assignment(assignment_id: PathId, principal: Staff, session: SessionDep) -> AssignmentPublic:
    row = assignments.get_assignment(session=session, assignment_id=assignment_id)
    return presenters.describe_assignments(session=session, rows=[row])[0]


@router.patch("/assignments/{assignment_id}", response_model=AssignmentPublic,
              summary="Reassign to another tester, move the window, withdraw or reinstate an assignment",
              description="The tester's phone learns on its next sync (`GET /me/assignments/ended`) that the "
                          "assignment was withdrawn or given to someone else; who it was taken from is kept.",
              responses={409: {"description": "assignment_has_evaluation or assignment_withdrawn"}})
def update_assignment(assignment_id: PathId, body: AssignmentUpdate, principal: Admin,
                      session: SessionDep) -> AssignmentPublic:
    assignments.update_assignment(session=session, principal=principal, assignment_id=assignment_id,
                                  changes=body.model_dump(exclude_unset=True))
    row = assignments.get_assignment(session=session, assignment_id=assignment_id)
    return presenters.describe_assignments(session=session, rows=[row])[0]


@router.delete("/assignments/{assignment_id}", status_code=204, response_class=Response,
               summary="Withdraw an assignment nobody has submitted (the row stays, marked withdrawn)",
               description="Kept for integrators: the same as PATCH with `withdrawn: true`. The assignment leaves "
                           "lists and plans but is still readable with status `withdrawn`, so the tester's phone "
                           "can tell the tester; withdrawing again is harmless.",
               responses={409: {"description": "assignment_has_evaluation"}})
def delete_assignment(assignment_id: PathId, principal: Admin, session: SessionDep) -> Response:
    lifecycle.withdraw(session=session, assignment_id=assignment_id)
    return Response(status_code=204)
