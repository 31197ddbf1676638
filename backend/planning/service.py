"""Planning assignments for a project and importing them from CSV. Flushes, never commits."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from backend.assignments import service as assignments
from backend.auth.models import Role, User
from backend.auth.principal import Principal
from backend.checklists.models import ChecklistVersion
from backend.errors import invalid
from backend.fieldwork.models import Assignment, Location, Project, ProjectLocation, Wave
from backend.fieldwork.windows import AssignmentWindow, lockout_violations
from backend.planning import rules
from backend.planning.lines import AssignmentLine
from backend.planning.schemas import PlanRequest
from backend.projects.service import get_project, project_location_ids, project_waves
from backend.tables import CsvImportError, RowError

UNSTAFFED_MESSAGES = {
    "lockout": "Every tester of the plan visits this location within the lockout period.",
    "no_tester": "The plan has no tester.",
}


@dataclass(frozen=True)
class PlanOutcome:
    """A plan with the rows it names, and the assignments made from it (none in a dry run)."""

    plan: rules.Plan
    wave: Wave | None
    window: tuple[date, date]
    locations: dict[int, Location]
    testers: dict[int, User]
    assignments: list[Assignment]
    """One per planned item, in the same order; empty in a dry run."""


def _personas_of(session: Session, project: Project) -> list[str]:
    definition = session.get(ChecklistVersion, project.checklist_version_id).definition
    return [persona["id"] for persona in definition.get("personas", [])]


def _active_testers(session: Session, ids: Sequence[int]) -> dict[int, User]:
    if not ids:
        return {}
    found = session.exec(select(User).where(User.id.in_(set(ids)), User.role == Role.tester, User.is_active))
    return {user.id: user for user in found}


def _plan_alone(session: Session, project: Project) -> None:
    """Lock the project row until commit: two plans or imports at once would both fill the same free slots.
    (SQLite ignores FOR UPDATE; there every write transaction runs alone anyway.)"""
    session.exec(select(Project.id).where(Project.id == project.id).with_for_update()).one()


def _wave_filter(wave: Wave | None):
    return Assignment.wave_id == wave.id if wave is not None else Assignment.wave_id.is_(None)


def plan_project(*, session: Session, principal: Principal, project_id: int, request: PlanRequest) -> PlanOutcome:
    """Plan the wave's visits with the pure planner; unless a dry run, create every planned assignment."""
    project = get_project(session=session, principal=principal, project_id=project_id)
    errors: list[dict[str, str]] = []
    wave = None
    if request.wave_id is not None:
        wave = session.get(Wave, request.wave_id)
        if wave is None or wave.project_id != project.id:
            errors.append({"path": "wave_id", "message": f"wave {request.wave_id} is not a wave of this project"})
            wave = None
    start = request.window_start or (wave.starts_on if wave else None)
    end = request.window_end or (wave.ends_on if wave else None)
    for field, value in (("window_start", start), ("window_end", end)):
        if value is None and not any(e["path"] == "wave_id" for e in errors):
            errors.append({"path": field, "message": "give the date, or a wave that has one"})
    if start and end and end < start:
        errors.append({"path": "window_end", "message": "the window cannot end before it starts"})
    known_personas = _personas_of(session, project)
    personas = list(dict.fromkeys(request.personas)) if request.personas is not None else known_personas
    if unknown := [p for p in personas if p not in known_personas]:
        errors.append({"path": "personas", "message": f"the checklist has no persona {', '.join(unknown)}; "
                                                      f"it knows: {', '.join(known_personas)}"})
    if not personas:
        errors.append({"path": "personas", "message": "name at least one persona"})
    if request.visits_per_location is not None and request.visits_per_location > len(personas):
        errors.append({"path": "visits_per_location",
                       "message": f"at most one visit per persona: {len(personas)} here"})
    project_locations = project_location_ids(session, project)
    location_ids = (list(dict.fromkeys(request.location_ids)) if request.location_ids is not None
                    else project_locations)
    if foreign := [i for i in location_ids if i not in set(project_locations)]:
        errors.append({"path": "location_ids",
                       "message": f"not locations of the project: {', '.join(map(str, foreign[:20]))}"})
    tester_ids = list(dict.fromkeys(request.tester_ids))
    testers = _active_testers(session, tester_ids)
    if missing := [i for i in tester_ids if i not in testers]:
        errors.append({"path": "tester_ids",
                       "message": f"not active testers: {', '.join(map(str, missing[:20]))}"})
    if errors:
        raise invalid(errors)

    window = (start, end)
    _plan_alone(session, project)
    in_wave = list(session.exec(select(Assignment).where(Assignment.project_id == project.id, _wave_filter(wave),
                                                        Assignment.withdrawn_at.is_(None))))
    waves = project_waves(session, project)
    plan = rules.plan_assignments(
        slots=rules.rotated_slots(location_ids=location_ids, personas=personas,
                                     visits_per_location=request.visits_per_location,
                                     rotation=waves.index(wave) if wave in waves else 0),
        tester_ids=tester_ids, window=window, lockout_days=request.lockout_days,
        history=assignments.visit_history(session, tester_ids=tester_ids, location_ids=location_ids),
        taken=[rules.Slot(a.location_id, a.persona) for a in in_wave],
        load=Counter(a.tester_id for a in in_wave))
    created: list[Assignment] = []
    if not request.dry_run:
        created = [Assignment(project_id=project.id, wave_id=wave.id if wave else None, location_id=item.location_id,
                              persona=item.persona, tester_id=item.tester_id, window_start=start, window_end=end)
                   for item in plan.planned]
        session.add_all(created)
        session.flush()
    locations = {loc.id: loc for loc in session.exec(select(Location).where(Location.id.in_(set(location_ids))))} \
        if location_ids else {}
    return PlanOutcome(plan=plan, wave=wave, window=window, locations=locations, testers=testers, assignments=created)


def import_assignments(*, session: Session, principal: Principal, project_id: int,
                       lines: Sequence[AssignmentLine], lockout_days: int) -> list[Assignment]:
    """Create one assignment per line, all or none; a CsvImportError names every row that cannot be made."""
    project = get_project(session=session, principal=principal, project_id=project_id)
    _plan_alone(session, project)
    locations = {loc.code: loc for loc in session.exec(
        select(Location).join(ProjectLocation, ProjectLocation.location_id == Location.id)
        .where(ProjectLocation.project_id == project.id))}
    personas = _personas_of(session, project)
    emails = {line.tester_email for line in lines}
    testers = {user.email: user for user in session.exec(select(User).where(User.email.in_(emails)))}
    waves = {wave.name: wave for wave in project_waves(session, project)}
    errors: list[RowError] = []
    resolved: list[tuple[AssignmentLine, Location, User, Wave | None]] = []
    for line in lines:
        problems = []
        location = locations.get(line.location_code)
        if location is None:
            problems.append(RowError(line.row, line.headers["location_code"],
                                     f"The project has no location with the code {line.location_code!r}."))
        if line.persona not in personas:
            problems.append(RowError(line.row, line.headers["persona"],
                                     f"The checklist has no persona {line.persona!r}; it knows: {', '.join(personas)}."))
        tester = testers.get(line.tester_email)
        if tester is None or tester.role != Role.tester or not tester.is_active:
            problems.append(RowError(line.row, line.headers["tester_email"],
                                     f"{line.tester_email} is not an active tester."))
        wave = None
        if line.wave is not None:
            wave = waves.get(line.wave)
            if wave is None:
                problems.append(RowError(line.row, line.headers["wave"],
                                         f"The project has no wave {line.wave!r}; it has: {', '.join(waves) or 'none'}."))
        errors.extend(problems)
        if not problems:
            resolved.append((line, location, tester, wave))
    visits = [AssignmentWindow(tester.id, location.id, line.window_start, line.window_end)
              for line, location, tester, _ in resolved]
    history = assignments.visit_history(session, tester_ids=[v.tester_id for v in visits],
                                        location_ids=[v.location_id for v in visits])
    for index, clash in lockout_violations(visits=visits, history=history, lockout_days=lockout_days):
        line = resolved[index][0]
        errors.append(RowError(line.row, line.headers["tester_email"],
                               f"{line.tester_email} visits {line.location_code} within {lockout_days} days of "
                               f"another visit there ({clash.window_start.isoformat()} – "
                               f"{clash.window_end.isoformat()})."))
    if errors:
        raise CsvImportError(sorted(errors, key=lambda e: e.row))
    created = []
    for line, location, tester, wave in resolved:
        assignment = Assignment(project_id=project.id, wave_id=wave.id if wave else None, location_id=location.id,
                                persona=line.persona, tester_id=tester.id, window_start=line.window_start,
                                window_end=line.window_end)
        session.add(assignment)
        created.append(assignment)
    session.flush()
    return created
