"""Accepting a submission: idempotent by the device-made id, all or nothing, never with missing photos."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete
from sqlmodel import Session, select

from backend.auth.principal import Principal
from backend.checklists.service import definition_of_version
from backend.config import Settings
from backend.db import insert_or_winner
from backend.errors import AppError, conflict
from backend.evaluations.models import (
    AnswerRow, Evaluation, EvaluationRevision, EvaluationScore, EvaluationStatus, ReviewEvent,
)
from backend.evaluations.proof import PhotoEvidence, VisitFacts, VisitProof, assess_visit
from backend.evaluations.schemas import Position, SubmissionIn
from backend.evaluations.sending import assignment_to_send
from backend.evaluations.validation import submission_problems
from backend.fieldwork.models import Location, Project
from backend.media.models import Photo
from backend.scoring.engine import EvaluationScores, score_evaluation
from backend.timeutil import utcnow, zone


def payload_hash(payload: SubmissionIn) -> str:
    canonical = json.dumps(payload.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def submit(
    *, session: Session, principal: Principal, settings: Settings, evaluation_id: uuid.UUID, payload: SubmissionIn,
    imported_by: Principal | None = None, admit_expired: bool = False,
) -> tuple[Evaluation, bool]:
    """Store a submission (or a resubmission after a return); returns the evaluation and whether it changed.

    `imported_by` is the admin importing a tester's saved outbox file on the tester's behalf, recorded as the
    actor. `admit_expired` accepts a first submission after the grace period (an import, the demo's past).
    """
    assignment = assignment_to_send(session=session, principal=principal, assignment_id=payload.assignment_id,
                                    grace_days=settings.submission_grace_days, admit_expired=admit_expired)
    digest = payload_hash(payload)
    evaluation = session.get(Evaluation, evaluation_id)
    if evaluation is not None:
        if evaluation.assignment_id != assignment.id:
            raise conflict("evaluation_mismatch", "This evaluation id belongs to another assignment.")
        if _is_replay(session, evaluation, digest):
            return evaluation, False
        if evaluation.status != EvaluationStatus.returned:
            raise conflict("evaluation_locked",
                           f"The evaluation is {evaluation.status} and cannot change; only a returned one can.")
        if payload.replaces_revision is not None and payload.replaces_revision != evaluation.revision:
            raise conflict("revision_stale", f"This correction replaces revision {payload.replaces_revision}, "
                           f"but the evaluation is at revision {evaluation.revision}.",
                           current_revision=evaluation.revision)
    else:
        other = session.exec(select(Evaluation.id).where(Evaluation.assignment_id == assignment.id)).first()
        if other is not None:
            raise conflict("assignment_already_submitted",
                           "This assignment already has an evaluation under another id.", evaluation_id=str(other))
    if payload.persona != assignment.persona:
        raise AppError(422, "validation_failed", f"The assignment is for persona {assignment.persona}.",
                       errors=[{"path": "persona", "message": f"must be {assignment.persona}"}])
    project = session.get(Project, assignment.project_id)
    definition = definition_of_version(session=session, version_id=project.checklist_version_id)
    scores = score_evaluation(definition, persona=payload.persona, answers=payload.answers)
    problems = submission_problems(definition, persona=payload.persona, answers=payload.answers, scores=scores)
    if problems:
        raise AppError(422, "answers_invalid", f"{len(problems)} answer(s) need attention: "
                       + "; ".join(f"{p['question_id']}: {p['message']}" for p in problems[:5]), errors=problems)
    photos = _claimable_photos(session, evaluation_id=evaluation_id, assignment=assignment, payload=payload)
    visit = _visit_record(evaluation, payload)
    location = session.get(Location, assignment.location_id)
    facts = _visit_facts(location, visit, payload, photos, window=(assignment.window_start, assignment.window_end))
    proof = assess_visit(facts, max_distance_m=settings.visit_max_distance_m)
    if evaluation is None:
        evaluation, inserted = _insert(session, evaluation_id=evaluation_id, assignment=assignment,
                                       project=project, principal=principal, digest=digest)
        if not inserted:
            return evaluation, False
        action = "submitted"
    else:
        evaluation.revision += 1
        evaluation.status = EvaluationStatus.submitted
        evaluation.payload_hash = digest
        evaluation.submitted_at = utcnow()
        evaluation.approved_at = None
        action = "resubmitted"
    _apply(session, evaluation=evaluation, payload=payload, scores=scores, visit=visit, proof=proof, digest=digest,
           principal=principal, photos=photos)
    if imported_by is not None:
        action, actor = "imported", imported_by
    else:
        actor = principal
    session.add(ReviewEvent(evaluation_id=evaluation.id, actor_id=actor.id, action=action,
                            revision=evaluation.revision))
    session.flush()
    return evaluation, True


def _is_replay(session: Session, evaluation: Evaluation, digest: str) -> bool:
    """The same payload as any accepted revision: a retry whose first reply was lost."""
    if evaluation.payload_hash == digest:
        return True
    return session.exec(
        select(EvaluationRevision.id).where(EvaluationRevision.evaluation_id == evaluation.id,
                                            EvaluationRevision.payload_hash == digest)
    ).first() is not None


def _insert(session, *, evaluation_id, assignment, project, principal, digest) -> tuple[Evaluation, bool]:
    """Insert the row; a concurrent twin of this request may win the race."""
    evaluation = Evaluation(
        id=evaluation_id, assignment_id=assignment.id, project_id=project.id, location_id=assignment.location_id,
        wave_id=assignment.wave_id, tester_id=principal.id, checklist_version_id=project.checklist_version_id,
        persona=assignment.persona, status=EvaluationStatus.submitted, revision=1, payload_hash=digest,
    )
    winner = insert_or_winner(session, evaluation, evaluation_id)
    if winner is not None:
        if winner.payload_hash == digest:
            return winner, False
        raise conflict("evaluation_locked", "The evaluation was stored meanwhile with other answers.")
    return evaluation, True


def _claimable_photos(session, *, evaluation_id, assignment, payload: SubmissionIn) -> list[Photo]:
    named = {photo_id: question_id for question_id, a in payload.answers.items() for photo_id in a.photos}
    ids = []
    for photo_id in named:
        try:
            ids.append(uuid.UUID(photo_id))
        except ValueError:
            raise AppError(422, "answers_invalid", f"Photo id {photo_id} is not a UUID.",
                           errors=[{"question_id": named[photo_id], "message": f"photo id {photo_id} is not a UUID"}])
    stored = {p.id: p for p in session.exec(select(Photo).where(Photo.id.in_(ids)))} if ids else {}
    missing = [str(i) for i in ids if i not in stored]
    if missing:
        raise AppError(422, "photos_missing", f"{len(missing)} photo(s) are not uploaded yet; upload them and retry.",
                       missing_photo_ids=missing)
    wrong = [
        {"question_id": named[str(p.id)], "message": f"photo {p.id} was uploaded for another question or evaluation"}
        for p in stored.values()
        if p.evaluation_id != evaluation_id or p.assignment_id != assignment.id or p.question_id != named[str(p.id)]
    ]
    if wrong:
        raise AppError(422, "answers_invalid", wrong[0]["message"], errors=wrong)
    return list(stored.values())


@dataclass(frozen=True)
class VisitRecord:
    """When and where the visit happened, as the evaluation keeps it across corrections."""

    started_at: datetime | None
    ended_at: datetime | None
    position: Position | None


def _visit_record(evaluation: Evaluation | None, payload: SubmissionIn) -> VisitRecord:
    """The visit's facts: a correction keeps the recorded ones unless the tester records them again."""
    if evaluation is None:
        return VisitRecord(payload.visit_started_at, payload.visit_ended_at, payload.position)
    kept_position = None
    if evaluation.latitude is not None and evaluation.longitude is not None:
        kept_position = Position(latitude=evaluation.latitude, longitude=evaluation.longitude,
                                 accuracy_m=evaluation.accuracy_m)
    return VisitRecord(payload.visit_started_at or evaluation.visit_started_at,
                       payload.visit_ended_at or evaluation.visit_ended_at,
                       payload.position or kept_position)


def _visit_facts(location: Location, visit: VisitRecord, payload: SubmissionIn, photos: list[Photo], *,
                 window: tuple[date, date]) -> VisitFacts:
    by_id = {str(p.id): p for p in photos}
    evidence = tuple(
        PhotoEvidence(question_id=question_id, number=number, taken_at=photo.taken_at,
                      latitude=photo.gps_latitude, longitude=photo.gps_longitude)
        for question_id, answer in payload.answers.items()
        for number, photo in enumerate((by_id[photo_id] for photo_id in answer.photos), start=1))
    located = (location.latitude, location.longitude) if location.latitude is not None and location.longitude is not None else None
    device = (visit.position.latitude, visit.position.longitude) if visit.position else None
    return VisitFacts(location_kind=location.kind, location_position=located, device_position=device,
                      visit_started_at=visit.started_at, visit_ended_at=visit.ended_at, photos=evidence,
                      window=window, zone=zone(location.time_zone))


def _apply(session, *, evaluation: Evaluation, payload: SubmissionIn, scores: EvaluationScores, visit: VisitRecord,
           proof: VisitProof, digest, principal, photos: list[Photo]) -> None:
    """Write the revision, its answers with their points, the visit's facts and proof, and the current scores."""
    evaluation.visit_started_at = visit.started_at
    evaluation.visit_ended_at = visit.ended_at
    position = visit.position
    evaluation.latitude = position.latitude if position else None
    evaluation.longitude = position.longitude if position else None
    evaluation.accuracy_m = position.accuracy_m if position else None
    evaluation.distance_m = proof.distance_m
    evaluation.photos_in_visit = proof.photos_in_visit
    evaluation.flags = [flag.as_dict() for flag in proof.flags]
    evaluation.flag_count = len(proof.flags)
    evaluation.total_score = scores.total
    evaluation.persona_score = scores.persona_score
    evaluation.passed = scores.passed
    evaluation.knockouts = list(scores.knockouts)
    session.add(evaluation)
    session.add(EvaluationRevision(evaluation_id=evaluation.id, number=evaluation.revision,
                                   payload=payload.model_dump(mode="json"), payload_hash=digest,
                                   submitted_by=principal.id))
    by_question = {s.question_id: s for s in scores.questions}
    for question_id, answer in payload.answers.items():
        score = by_question.get(question_id)
        session.add(AnswerRow(
            evaluation_id=evaluation.id, revision=evaluation.revision, question_id=question_id,
            value=answer.value, is_na=answer.na, comment=answer.comment,
            visible=bool(score and score.reason not in ("hidden", "other_persona")),
            applicable=bool(score and score.applicable),
            points=score.points if score and score.applicable else None,
            max_points=score.max_points if score and score.applicable else None,
        ))
    session.exec(delete(EvaluationScore).where(EvaluationScore.evaluation_id == evaluation.id))
    for dimension, values, sums in (("step", scores.steps, scores.step_sums),
                                    ("touchpoint", scores.touchpoints, scores.touchpoint_sums)):
        for key, value in values.items():
            total = sums.get(key)
            session.add(EvaluationScore(evaluation_id=evaluation.id, dimension=dimension, key=key, score=value,
                                        achieved=float(total.achieved) if total else 0,
                                        possible=float(total.possible) if total else 0))
    now = utcnow()
    for photo in photos:
        if photo.claimed_at is None:
            photo.claimed_at = now
            session.add(photo)
