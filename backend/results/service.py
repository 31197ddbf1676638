"""Scores of one evaluation (explained) and of a project (aggregated in SQL), scoped by role."""

from __future__ import annotations

import uuid

from sqlalchemy import func
from sqlmodel import Session, select

from backend.auth.principal import Principal
from backend.checklists.service import definition_of_version
from backend.checklists.template import AnswerIn, ChecklistDefinition
from backend.db import rows_by_id
from backend.evaluations import service as evaluations
from backend.evaluations.models import Evaluation, EvaluationStatus
from backend.fieldwork.models import Location, Project, Wave
from backend.results import queries
from backend.results.queries import ScoreFilter
from backend.scoring.aggregates import Aggregate, net_promoter_score, pain_points
from backend.scoring.engine import EvaluationScores, score_evaluation


def evaluation_scores(*, session: Session, principal: Principal, evaluation_id: uuid.UUID) -> EvaluationScores:
    """Re-derive the stored scores from the stored answers, with every question's part in them."""
    evaluation = evaluations.get_visible(session=session, principal=principal, evaluation_id=evaluation_id)
    definition = definition_of_version(session=session, version_id=evaluation.checklist_version_id)
    payload = evaluations.current_payload(session=session, evaluation=evaluation)
    answers = {qid: AnswerIn.model_validate(a) for qid, a in payload["answers"].items()}
    return score_evaluation(definition, persona=evaluation.persona, answers=answers)


def statuses_for(principal: Principal, include_approved: bool) -> tuple[EvaluationStatus, ...]:
    """Clients see released evaluations only; staff may look at approved ones before release."""
    if principal.is_staff and include_approved:
        return EvaluationStatus.approved, EvaluationStatus.released
    return (EvaluationStatus.released,)


def _emotion_and_nps(definition: ChecklistDefinition) -> tuple[dict[str, str], list[str]]:
    questions = definition.questions()
    return ({q.id: q.step for q in questions if q.type == "emotion"}, [q.id for q in questions if q.type == "nps"])


def project_scores(*, session: Session, project: Project, score_filter: ScoreFilter,
                   group_by: tuple[str, ...] = ()) -> dict:
    """Everything a client report shows about a project, as plain data."""
    definition = definition_of_version(session=session, version_id=project.checklist_version_id)
    personas = [p.id for p in definition.personas]
    steps = [s.id for s in definition.steps]
    touchpoints = [t.id for t in definition.touchpoints]
    totals = queries.totals(session, score_filter)

    matrix: dict[str, dict[str, Aggregate]] = {p: {t: Aggregate(None, 0) for t in touchpoints} for p in personas}
    for persona, touchpoint, aggregate in queries.matrix_rows(session, score_filter, "touchpoint"):
        matrix.setdefault(persona, {})[touchpoint] = aggregate
    step_cells: dict[str, dict[str, Aggregate]] = {p: {} for p in personas}
    for persona, step, aggregate in queries.matrix_rows(session, score_filter, "step"):
        step_cells.setdefault(persona, {})[step] = aggregate
    emotion_steps, nps_questions = _emotion_and_nps(definition)
    emotions = {(p, s): a for p, s, a in queries.emotion_rows(session, score_filter, emotion_steps)}
    asked = set(emotion_steps.values())
    journey = {
        persona: [{"step": step, "score": step_cells.get(persona, {}).get(step, Aggregate(None, 0)),
                   "emotion": emotions.get((persona, step), Aggregate(None, 0)) if step in asked else None}
                  for step in steps]
        for persona in step_cells
    }
    promoters, detractors, answered = queries.nps_counts(session, score_filter, nps_questions)

    result = {
        "project_id": project.id,
        "n": totals["passed"].n,
        "total": totals["total"],
        "persona_score": totals["persona_score"],
        "pass_rate": totals["passed"],
        "knockout_rate": totals["knocked_out"],
        "personas": personas, "steps": steps, "touchpoints": touchpoints,
        "matrix": matrix,
        "persona_scores": _persona_means(session, score_filter, personas),
        "step_scores": _ordered(queries.dimension_rows(session, score_filter, "step"), steps),
        "touchpoint_scores": _ordered(queries.dimension_rows(session, score_filter, "touchpoint"), touchpoints),
        "journey": journey,
        "pass_threshold": float(definition.pass_threshold),
        "nps": net_promoter_score(promoters=promoters, detractors=detractors, answered=answered),
        "pain_points": pain_points(matrix, touchpoints=touchpoints, pass_threshold=definition.pass_threshold),
        "locations": _named_groups(session, score_filter, "location", Location),
        "waves": _named_groups(session, score_filter, "wave", Wave),
        "questions": _ordered(queries.question_pass_rates(session, score_filter), [q.id for q in definition.questions()]),
        "groups": None,
    }
    if group_by:
        result["groups"] = [{"key": dict(zip(group_by, key)), "mean": a.mean, "n": a.n}
                            for key, a in queries.grouped(session, score_filter, group_by)]
    return result


def _persona_means(session, score_filter: ScoreFilter, personas: list[str]) -> dict[str, Aggregate]:
    """Mean persona score P(e) per persona (each evaluation is judged by its own persona)."""
    rows = session.exec(select(Evaluation.persona, func.avg(Evaluation.persona_score),
                               func.count(Evaluation.persona_score))
                        .where(Evaluation.id.in_(queries.evaluation_ids(score_filter)))
                        .group_by(Evaluation.persona)).all()
    found = {persona: Aggregate(float(mean) if mean is not None else None, n) for persona, mean, n in rows}
    return {persona: found.get(persona, Aggregate(None, 0)) for persona in personas}


def _ordered(values: dict[str, Aggregate], order: list[str]) -> dict[str, Aggregate]:
    return {key: values.get(key, Aggregate(None, 0)) for key in order} | {
        k: v for k, v in values.items() if k not in order}


def _named_groups(session, score_filter: ScoreFilter, dimension: str, model) -> list[dict]:
    rows = queries.grouped(session, score_filter, (dimension,))
    ids = [key[0] for key, _ in rows if key[0] is not None]
    names = {row_id: row.name for row_id, row in rows_by_id(session, model, ids).items()}
    groups = [{"key": {dimension: key[0], "name": names.get(key[0])}, "mean": a.mean, "n": a.n} for key, a in rows]
    if dimension == "location":
        return sorted(groups, key=lambda g: (g["mean"] is None, -(g["mean"] or 0), g["key"]["name"] or ""))
    return sorted(groups, key=lambda g: g["key"][dimension] or 0)
