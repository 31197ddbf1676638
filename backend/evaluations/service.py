"""Reading evaluations scoped by role, the review workflow and the tester's offline bundle."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, or_
from sqlmodel import Session, select

from backend.auth.models import Role, User
from backend.auth.principal import Principal
from backend.checklists.models import ChecklistTemplate, ChecklistVersion
from backend.checklists.service import definition_of_version
from backend.db import rows_by_id
from backend.errors import AppError, not_found
from backend.evaluations.models import Evaluation, EvaluationRevision, EvaluationStatus, ReviewEvent
from backend.evaluations.review import PAST_TENSE, Refusal, decide
from backend.fieldwork import lifecycle
from backend.fieldwork.models import Assignment, Location, Project, Wave
from backend.media.models import Photo
from backend.timeutil import utcnow

def scoped_query(principal: Principal):
    """Evaluations the caller may see: staff all, testers their own, clients their released ones."""
    query = select(Evaluation)
    if principal.role == Role.tester:
        query = query.where(Evaluation.tester_id == principal.id)
    elif principal.role == Role.client:
        query = query.join(Project, Project.id == Evaluation.project_id).where(
            Project.client_id == principal.client_id, Evaluation.status == EvaluationStatus.released)
    return query


def get_visible(*, session: Session, principal: Principal, evaluation_id: uuid.UUID) -> Evaluation:
    evaluation = session.exec(scoped_query(principal).where(Evaluation.id == evaluation_id)).first()
    if evaluation is None:
        raise not_found(f"Evaluation {evaluation_id}")
    return evaluation


def list_evaluations(
    *, session: Session, principal: Principal, status: EvaluationStatus | None, project_id: int | None,
    wave_id: int | None, location_id: int | None, flagged: bool | None, limit: int, offset: int,
) -> tuple[list[Evaluation], int]:
    query = scoped_query(principal)
    if status is not None:
        query = query.where(Evaluation.status == status)
    if project_id is not None:
        query = query.where(Evaluation.project_id == project_id)
    if wave_id is not None:
        query = query.where(Evaluation.wave_id == wave_id)
    if location_id is not None:
        query = query.where(Evaluation.location_id == location_id)
    if flagged is not None:
        query = query.where(Evaluation.flag_count > 0 if flagged else Evaluation.flag_count == 0)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    # Submitted work first, doubtful visits first within it: where the reviewer's eye should go.
    ordered = query.order_by(case((Evaluation.status == EvaluationStatus.submitted, 0), else_=1),
                             Evaluation.flag_count.desc(), Evaluation.submitted_at, Evaluation.id)
    return list(session.exec(ordered.offset(offset).limit(limit))), total


def review(
    *, session: Session, principal: Principal, evaluation_id: uuid.UUID, action: str, comment: str | None
) -> Evaluation:
    evaluation = session.exec(select(Evaluation).where(Evaluation.id == evaluation_id).with_for_update()).first()
    if evaluation is None:
        raise not_found(f"Evaluation {evaluation_id}")
    target = decide(evaluation.status, action, comment)
    if isinstance(target, Refusal):
        raise AppError(target.status, target.code, target.detail, errors=list(target.errors) or None)
    _transition(session, evaluation, target, principal=principal, action=PAST_TENSE[action], comment=comment)
    return evaluation


def _transition(session, evaluation: Evaluation, target: EvaluationStatus, *, principal, action, comment) -> None:
    evaluation.status = target
    if target == EvaluationStatus.approved:
        evaluation.approved_at = utcnow()
    if target == EvaluationStatus.released:
        evaluation.released_at = utcnow()
    if target == EvaluationStatus.returned:
        evaluation.approved_at = None
    session.add(evaluation)
    session.add(ReviewEvent(evaluation_id=evaluation.id, actor_id=principal.id, action=action,
                            revision=evaluation.revision, comment=comment))
    session.flush()


def release_project(*, session: Session, principal: Principal, project_id: int, wave_id: int | None) -> int:
    """Release every approved evaluation of a project (or one wave of it) to the client."""
    if session.get(Project, project_id) is None:
        raise not_found(f"Project {project_id}")
    query = select(Evaluation).where(Evaluation.project_id == project_id,
                                     Evaluation.status == EvaluationStatus.approved)
    if wave_id is not None:
        wave = session.get(Wave, wave_id)
        if wave is None or wave.project_id != project_id:
            raise not_found(f"Wave {wave_id} of project {project_id}")
        query = query.where(Evaluation.wave_id == wave_id)
    evaluations = list(session.exec(query.with_for_update()))
    for evaluation in evaluations:
        _transition(session, evaluation, EvaluationStatus.released, principal=principal, action="released",
                    comment=None)
    return len(evaluations)


def current_payload(*, session: Session, evaluation: Evaluation) -> dict:
    return session.exec(select(EvaluationRevision.payload).where(
        EvaluationRevision.evaluation_id == evaluation.id, EvaluationRevision.number == evaluation.revision)).one()


def named_photo_ids(payload: dict) -> list[str]:
    """The photo ids a revision's answers name, in answer order: the one authority on an evaluation's photos."""
    return [photo_id for answer in payload["answers"].values() for photo_id in answer.get("photos") or []]


def photos_of(*, session: Session, evaluation: Evaluation, payload: dict) -> list[Photo]:
    """The photos the current revision's payload names, in answer order; photos a correction dropped are not
    among them."""
    ids = named_photo_ids(payload)
    if not ids:
        return []
    stored = {str(p.id): p for p in session.exec(select(Photo).where(
        Photo.evaluation_id == evaluation.id, Photo.id.in_([uuid.UUID(i) for i in ids])))}
    return [stored[photo_id] for photo_id in ids if photo_id in stored]


def in_current_revision(*, session: Session, evaluation: Evaluation, photo_id: uuid.UUID) -> bool:
    return str(photo_id) in named_photo_ids(current_payload(session=session, evaluation=evaluation))


def revisions(*, session: Session, evaluation_id: uuid.UUID) -> list[EvaluationRevision]:
    """Every accepted revision of an evaluation, oldest first: what each correction changed."""
    return list(session.exec(select(EvaluationRevision).where(EvaluationRevision.evaluation_id == evaluation_id)
                             .order_by(EvaluationRevision.number)))


def review_history(*, session: Session, evaluation_id: uuid.UUID) -> list[tuple[ReviewEvent, User]]:
    return list(session.exec(select(ReviewEvent, User).join(User, User.id == ReviewEvent.actor_id)
                             .where(ReviewEvent.evaluation_id == evaluation_id).order_by(ReviewEvent.id)))


def related(*, session: Session, evaluations: list[Evaluation]) -> dict:
    """Projects, locations, waves, testers and checklist definitions of a page of evaluations."""
    return {
        "projects": rows_by_id(session, Project, [e.project_id for e in evaluations]),
        "locations": rows_by_id(session, Location, [e.location_id for e in evaluations]),
        "waves": rows_by_id(session, Wave, [e.wave_id for e in evaluations]),
        "testers": rows_by_id(session, User, [e.tester_id for e in evaluations]),
        "definitions": {version_id: definition_of_version(session=session, version_id=version_id)
                        for version_id in {e.checklist_version_id for e in evaluations}},
    }


def open_assignments(*, session: Session, principal: Principal, now: datetime, grace_days: int) -> list[tuple]:
    """The tester's live assignments with no evaluation yet (until the grace period after the window is over,
    on the location's calendar) or one returned for fixing, with all they need offline."""
    # Calendars differ by at most a day from UTC's: the query keeps one day more, the location's date decides.
    earliest = now.date() - timedelta(days=grace_days + 1)
    rows = session.exec(
        select(Assignment, Project, Location, Wave, ChecklistVersion, ChecklistTemplate, Evaluation)
        .join(Project, Project.id == Assignment.project_id)
        .join(Location, Location.id == Assignment.location_id)
        .join(ChecklistVersion, ChecklistVersion.id == Project.checklist_version_id)
        .join(ChecklistTemplate, ChecklistTemplate.id == ChecklistVersion.template_id)
        .outerjoin(Wave, Wave.id == Assignment.wave_id)
        .outerjoin(Evaluation, Evaluation.assignment_id == Assignment.id)
        .where(Assignment.tester_id == principal.id, Assignment.withdrawn_at.is_(None),
               or_(and_(Evaluation.id.is_(None), Assignment.window_end >= earliest),
                   Evaluation.status == EvaluationStatus.returned))
        .order_by(Assignment.window_start, Assignment.id)
    ).all()
    return [row for row in rows if not lifecycle.is_expired(
        row[0], has_evaluation=row[6] is not None, today=lifecycle.today_at(row[2], now), grace_days=grace_days)]


def latest_return_comments(*, session: Session, evaluation_ids: list[uuid.UUID]) -> dict[uuid.UUID, str | None]:
    """Each returned evaluation's latest return comment, in one query."""
    if not evaluation_ids:
        return {}
    comments: dict[uuid.UUID, str | None] = {}
    for evaluation_id, comment in session.exec(select(ReviewEvent.evaluation_id, ReviewEvent.comment).where(
            ReviewEvent.evaluation_id.in_(evaluation_ids), ReviewEvent.action == "returned").order_by(ReviewEvent.id)):
        comments[evaluation_id] = comment
    return comments


def current_payloads(*, session: Session, evaluations: list[Evaluation]) -> dict[uuid.UUID, dict]:
    """The current revision's payload of each evaluation, in one query."""
    if not evaluations:
        return {}
    wanted = or_(*(and_(EvaluationRevision.evaluation_id == e.id, EvaluationRevision.number == e.revision)
                   for e in evaluations))
    return dict(session.exec(select(EvaluationRevision.evaluation_id, EvaluationRevision.payload).where(wanted)).all())

