"""Turns evaluation rows into API shapes, hiding what a role may not see (a client never sees the tester)."""

from __future__ import annotations

from sqlmodel import Session

from backend.auth.models import Role
from backend.auth.principal import Principal
from backend.checklists.models import ChecklistTemplate, ChecklistVersion
from backend.checklists.template import AnswerIn, ChecklistDefinition, localized
from backend.evaluations import service
from backend.evaluations.models import Evaluation
from backend.evaluations.proof import flag_message
from backend.evaluations.schemas import (
    EvaluationDetail, EvaluationSummary, Flag, OfflineAssignment, OfflineChecklist, OfflineEvaluation,
    OfflineLocation, OfflinePersona, PhotoRef, Position, ReviewEntry, VisitProofPublic,
)
from backend.fieldwork.lifecycle import submit_until
from backend.fieldwork.refs import ChecklistRef, LocationSummary, Ref, TesterPseudonym


def summaries(*, session: Session, principal: Principal, evaluations: list[Evaluation]) -> list[EvaluationSummary]:
    related = service.related(session=session, evaluations=evaluations)
    return [_summary(e, related, principal) for e in evaluations]


def _summary(evaluation: Evaluation, related: dict, principal: Principal) -> EvaluationSummary:
    project = related["projects"][evaluation.project_id]
    location = related["locations"][evaluation.location_id]
    wave = related["waves"].get(evaluation.wave_id)
    tester = related["testers"][evaluation.tester_id]
    sees_identity = principal.is_staff or principal.id == tester.id
    return EvaluationSummary(
        id=evaluation.id, assignment_id=evaluation.assignment_id, project=Ref(id=project.id, name=project.name),
        location=LocationSummary(id=location.id, name=location.name, kind=location.kind, city=location.city),
        wave=Ref(id=wave.id, name=wave.name) if wave else None, persona=evaluation.persona,
        status=str(evaluation.status.value if hasattr(evaluation.status, "value") else evaluation.status),
        revision=evaluation.revision, submitted_at=evaluation.submitted_at, released_at=evaluation.released_at,
        tester=TesterPseudonym(pseudonym=tester.pseudonym or "Tester",
                         display_name=tester.display_name if sees_identity else None),
        total_score=evaluation.total_score, persona_score=evaluation.persona_score, passed=evaluation.passed,
        knockouts=list(evaluation.knockouts or []),
        flags=flags(evaluation, definition=related["definitions"].get(evaluation.checklist_version_id))
        if principal.is_staff else [],
    )


def flags(evaluation: Evaluation, *, definition: ChecklistDefinition | None) -> list[Flag]:
    """The stored proof-of-visit flags, with their English words; photos named by question and number."""
    titles = {q.id: q.text for q in definition.questions()} if definition else {}

    def question_title(question_id: str) -> str:
        return localized(titles[question_id], "en") if question_id in titles else question_id

    def shown_params(params: dict) -> dict:
        question_id = params.get("question_id")
        return {**params, "question": titles[question_id]} if question_id in titles else dict(params)

    return [Flag(code=f["code"], params=shown_params(f.get("params") or {}),
                 message=flag_message(f, question_title=question_title))
            for f in evaluation.flags or []]


def detail(*, session: Session, principal: Principal, evaluation: Evaluation) -> EvaluationDetail:
    related = service.related(session=session, evaluations=[evaluation])
    summary = _summary(evaluation, related, principal)
    payload = service.current_payload(session=session, evaluation=evaluation)
    history = service.review_history(session=session, evaluation_id=evaluation.id)
    photos = service.photos_of(session=session, evaluation=evaluation, payload=payload)
    sees_position = principal.is_staff or principal.role == Role.tester
    review_comment = next((event.comment for event, _ in reversed(history) if event.action == "returned"), None)
    return EvaluationDetail(
        **summary.model_dump(),
        checklist_version_id=evaluation.checklist_version_id,
        checklist=_checklist_ref(session, evaluation.checklist_version_id),
        visit_started_at=evaluation.visit_started_at, visit_ended_at=evaluation.visit_ended_at,
        position=position(evaluation) if sees_position else None,
        proof=VisitProofPublic(distance_m=evaluation.distance_m, accuracy_m=evaluation.accuracy_m,
                               photos_in_visit=evaluation.photos_in_visit, photos_total=len(photos))
        if principal.is_staff else None,
        answers={qid: AnswerIn.model_validate(a) for qid, a in payload["answers"].items()},
        photos=[PhotoRef(id=p.id, question_id=p.question_id, width=p.width, height=p.height, taken_at=p.taken_at)
                for p in photos],
        review=[ReviewEntry(action=event.action, comment=event.comment, revision=event.revision, at=event.created_at,
                            actor=actor.display_name if principal.is_staff else None)
                for event, actor in history if principal.is_staff or event.action != "held"],
        review_comment=review_comment if principal.role != Role.client else None,
    )


def position(evaluation: Evaluation) -> Position | None:
    """Where the device was on the visit, as the evaluation keeps it across corrections."""
    if evaluation.latitude is None or evaluation.longitude is None:
        return None
    return Position(latitude=evaluation.latitude, longitude=evaluation.longitude, accuracy_m=evaluation.accuracy_m)


def _checklist_ref(session: Session, version_id: int) -> ChecklistRef:
    version = session.get(ChecklistVersion, version_id)
    template = session.get(ChecklistTemplate, version.template_id)
    return ChecklistRef(version_id=version.id, key=template.key, version=version.version, title=version.title)


def offline_assignments(*, session: Session, rows: list[tuple], grace_days: int,
                        max_distance_m: float) -> list[OfflineAssignment]:
    """The tester's open assignments (rows of service.open_assignments) with everything needed offline;
    the evaluations' payloads and return comments in one query each."""
    evaluations = [row[6] for row in rows if row[6] is not None]
    payloads = service.current_payloads(session=session, evaluations=evaluations)
    comments = service.latest_return_comments(session=session, evaluation_ids=[e.id for e in evaluations])
    result = []
    for assignment, project, location, wave, version, template, evaluation in rows:
        persona = next((p for p in version.definition["personas"] if p["id"] == assignment.persona), {})
        offline_evaluation = None
        if evaluation is not None:
            offline_evaluation = OfflineEvaluation(
                id=evaluation.id, status=evaluation.status, revision=evaluation.revision,
                review_comment=comments.get(evaluation.id),
                answers={qid: AnswerIn.model_validate(a) for qid, a in payloads[evaluation.id]["answers"].items()},
                visit_started_at=evaluation.visit_started_at, visit_ended_at=evaluation.visit_ended_at,
                position=position(evaluation))
        result.append(OfflineAssignment(
            id=assignment.id, project=Ref(id=project.id, name=project.name),
            wave=Ref(id=wave.id, name=wave.name) if wave else None,
            location=OfflineLocation.model_validate(location, from_attributes=True),
            persona=OfflinePersona(id=assignment.persona, title=persona.get("title", assignment.persona),
                                   description=persona.get("description")),
            window_start=assignment.window_start, window_end=assignment.window_end,
            submit_until=submit_until(assignment.window_end, grace_days),
            visit_max_distance_m=max_distance_m,
            checklist=OfflineChecklist(version_id=version.id, key=template.key, version=version.version,
                                       kind=template.kind, title=version.title, definition=version.definition),
            evaluation=offline_evaluation))
    return result
