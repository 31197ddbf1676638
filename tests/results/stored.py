"""Evaluations stored as production stores them: a published template, the submission service, the review."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from sqlmodel import Session

from backend.auth.models import Role, User
from backend.auth.principal import Principal
from backend.checklists.models import ChecklistTemplate, ChecklistVersion
from backend.checklists.service import definition_of_version
from backend.checklists.template import AnswerIn, ChecklistDefinition
from backend.clients.models import Client
from backend.config import get_settings
from backend.evaluations import service as evaluations
from backend.evaluations.models import Evaluation, EvaluationStatus
from backend.evaluations.schemas import SubmissionIn
from backend.evaluations.submission import submit
from backend.fieldwork.models import Assignment, Location, Project, ProjectLocation, Wave

CORRECTED_AT = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)


@dataclass
class Fieldwork:
    """One project on a published template, with locations, waves, a tester and a reviewer."""

    session: Session
    definition: ChecklistDefinition
    """As the service reads it back from the published version."""
    project: Project
    locations: list[Location]
    waves: list[Wave]
    tester: Principal
    reviewer: Principal
    stored: list[Evaluation] = field(default_factory=list)

    def store(self, *, persona: str, answers: dict[str, AnswerIn], location: Location | None = None,
              wave: Wave | None = None, status: EvaluationStatus = EvaluationStatus.released,
              first_answers: dict[str, AnswerIn] | None = None) -> Evaluation:
        """Submit through the submission service and review up to `status`.

        With `first_answers`, those are submitted first, returned by the reviewer and corrected to `answers`,
        so only the current revision may count.
        """
        location = location or self.locations[0]
        assignment = Assignment(project_id=self.project.id, wave_id=wave.id if wave else None,
                                location_id=location.id, persona=persona, tester_id=self.tester.id,
                                window_start=date(2026, 1, 1), window_end=date(2026, 12, 31))
        self.session.add(assignment)
        self.session.flush()
        evaluation_id = uuid.uuid4()
        if first_answers is not None:
            self._submit(evaluation_id, assignment, first_answers)
            evaluations.review(session=self.session, principal=self.reviewer, evaluation_id=evaluation_id,
                               action="return", comment="Please check your answers.")
            # A visit time of its own, so the correction never replays the first payload.
            self._submit(evaluation_id, assignment, answers, visit_started_at=CORRECTED_AT)
        else:
            self._submit(evaluation_id, assignment, answers)
        steps = {EvaluationStatus.submitted: (), EvaluationStatus.approved: ("approve",),
                 EvaluationStatus.released: ("approve", "release")}[status]
        for action in steps:
            evaluations.review(session=self.session, principal=self.reviewer, evaluation_id=evaluation_id,
                               action=action, comment=None)
        evaluation = self.session.get(Evaluation, evaluation_id)
        self.stored.append(evaluation)
        return evaluation

    def _submit(self, evaluation_id: uuid.UUID, assignment: Assignment, answers: dict[str, AnswerIn],
                visit_started_at: datetime | None = None) -> None:
        payload = SubmissionIn(assignment_id=assignment.id, persona=assignment.persona, answers=answers,
                               visit_started_at=visit_started_at)
        _, changed = submit(session=self.session, principal=self.tester, settings=get_settings(),
                            evaluation_id=evaluation_id, payload=payload)
        assert changed


def fieldwork(session: Session, definition: ChecklistDefinition, *, locations: int = 2, waves: int = 2) -> Fieldwork:
    """Publish the template and set up a project on it; nothing is committed."""
    admin, tester, reviewer = (_user(session, role) for role in (Role.admin, Role.tester, Role.reviewer))
    version = _version(session, definition, published_by=admin)
    client = Client(name="Property Retail")
    session.add(client)
    session.flush()
    project = Project(client_id=client.id, checklist_version_id=version.id, name="Property project")
    session.add(project)
    session.flush()
    stores = [Location(client_id=client.id, code=f"S{number}", name=f"Store {number}", kind="store")
              for number in range(locations)]
    session.add_all(stores)
    session.flush()
    session.add_all(ProjectLocation(project_id=project.id, location_id=store.id) for store in stores)
    periods = [Wave(project_id=project.id, name=f"2026-Q{number + 1}") for number in range(waves)]
    session.add_all(periods)
    session.flush()
    return Fieldwork(session=session, definition=definition_of_version(session=session, version_id=version.id),
                     project=project, locations=stores, waves=periods, tester=Principal(tester),
                     reviewer=Principal(reviewer))


def _version(session: Session, definition: ChecklistDefinition, *, published_by: User) -> ChecklistVersion:
    """Store the template as a published version. Stored directly: generated templates are valid models, but
    not always what the stricter loader lets an author publish (a choice with one option, say)."""
    document = definition.model_dump(mode="json", by_alias=True, exclude_none=True)
    source = json.dumps(document, sort_keys=True)
    template = ChecklistTemplate(key=f"{definition.key}-{uuid.uuid4().hex[:8]}", kind=definition.kind, latest_version=1)
    session.add(template)
    session.flush()
    version = ChecklistVersion(template_id=template.id, version=1, title="Generated", source=source,
                               source_format="json", definition=document,
                               content_hash=hashlib.sha256(source.encode()).hexdigest(), published_by=published_by.id)
    session.add(version)
    session.flush()
    return version


def _user(session: Session, role: Role) -> User:
    user = User(email=f"{role.value}-{uuid.uuid4().hex[:8]}@example.org", display_name=role.value.title(),
                password_hash="not-for-login", role=role,
                pseudonym=f"Tester {uuid.uuid4().hex[:8]}" if role == Role.tester else None)
    session.add(user)
    session.flush()
    return user
