"""Every project aggregate, once: SQL GROUP BYs over the stored per-evaluation scores and answers (SCORING.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from sqlalchemy import Float, String, and_, case, cast, func
from sqlmodel import Session, select

from backend.evaluations.models import AnswerRow, Evaluation, EvaluationScore, EvaluationStatus
from backend.scoring.aggregates import Aggregate

GROUP_DIMENSIONS = ("location", "wave", "persona", "step", "touchpoint")


@dataclass(frozen=True)
class ScoreFilter:
    """Which evaluations of a project count."""

    project_id: int
    statuses: tuple[EvaluationStatus, ...] = (EvaluationStatus.released,)
    wave_id: int | None = None
    location_id: int | None = None
    persona: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def evaluation_ids(score_filter: ScoreFilter):
    """A subquery of the ids of the evaluations that count."""
    conditions = [Evaluation.project_id == score_filter.project_id, Evaluation.status.in_(score_filter.statuses)]
    if score_filter.wave_id is not None:
        conditions.append(Evaluation.wave_id == score_filter.wave_id)
    if score_filter.location_id is not None:
        conditions.append(Evaluation.location_id == score_filter.location_id)
    if score_filter.persona is not None:
        conditions.append(Evaluation.persona == score_filter.persona)
    if score_filter.date_from is not None:
        conditions.append(Evaluation.submitted_at >= datetime.combine(score_filter.date_from, time.min, timezone.utc))
    if score_filter.date_to is not None:
        conditions.append(Evaluation.submitted_at <= datetime.combine(score_filter.date_to, time.max, timezone.utc))
    return select(Evaluation.id).where(and_(*conditions))


def _aggregate(mean, n) -> Aggregate:
    return Aggregate(mean=float(mean) if mean is not None else None, n=int(n or 0))


def totals(session: Session, score_filter: ScoreFilter) -> dict[str, Aggregate]:
    """Total score, persona score, pass share and knockout share (0..100) over the evaluations."""
    ids = evaluation_ids(score_filter)
    # knockouts is a JSON array on both databases; json_array_length exists in SQLite and PostgreSQL alike.
    knocked_out = case((func.json_array_length(Evaluation.knockouts) > 0, 100.0), else_=0.0)
    row = session.exec(select(
        func.avg(Evaluation.total_score), func.count(Evaluation.total_score),
        func.avg(Evaluation.persona_score), func.count(Evaluation.persona_score),
        func.avg(case((Evaluation.passed, 100.0), else_=0.0)), func.count(Evaluation.id), func.avg(knocked_out),
    ).where(Evaluation.id.in_(ids))).one()
    return {"total": _aggregate(row[0], row[1]), "persona_score": _aggregate(row[2], row[3]),
            "passed": _aggregate(row[4], row[5]), "knocked_out": _aggregate(row[6], row[5])}


def matrix_rows(session: Session, score_filter: ScoreFilter, dimension: str) -> list[tuple[str, str, Aggregate]]:
    """(persona, step or touchpoint, mean with n): the persona x touchpoint matrix and the journey curve."""
    ids = evaluation_ids(score_filter)
    rows = session.exec(
        select(Evaluation.persona, EvaluationScore.key, func.avg(EvaluationScore.score),
               func.count(EvaluationScore.score))
        .join(Evaluation, Evaluation.id == EvaluationScore.evaluation_id)
        .where(EvaluationScore.dimension == dimension, EvaluationScore.evaluation_id.in_(ids))
        .group_by(Evaluation.persona, EvaluationScore.key)
    ).all()
    return [(persona, key, _aggregate(mean, n)) for persona, key, mean, n in rows]


def dimension_rows(session: Session, score_filter: ScoreFilter, dimension: str) -> dict[str, Aggregate]:
    """Mean step or touchpoint score over all personas."""
    ids = evaluation_ids(score_filter)
    rows = session.exec(
        select(EvaluationScore.key, func.avg(EvaluationScore.score), func.count(EvaluationScore.score))
        .where(EvaluationScore.dimension == dimension, EvaluationScore.evaluation_id.in_(ids))
        .group_by(EvaluationScore.key)
    ).all()
    return {key: _aggregate(mean, n) for key, mean, n in rows}


def _numeric_answer():
    # Answers are JSON; emotion and nps values are plain numbers, so their text casts to a number.
    return cast(cast(AnswerRow.value, String), Float)


def _current_applicable_answers(score_filter: ScoreFilter, question_ids: list[str]):
    """Join condition: the counted evaluations' answers of the current revision that count (SCORING.md)."""
    ids = evaluation_ids(score_filter)
    return and_(AnswerRow.evaluation_id == Evaluation.id, AnswerRow.revision == Evaluation.revision,
                AnswerRow.question_id.in_(question_ids), AnswerRow.applicable, Evaluation.id.in_(ids))


def emotion_rows(session: Session, score_filter: ScoreFilter,
                 step_of_question: dict[str, str]) -> list[tuple[str, str, Aggregate]]:
    """(persona, step, mean emotion 1..5 with n): each evaluation's own mean per step first, then their mean."""
    if not step_of_question:
        return []
    # The step is a CASE over the question id; grouped by as a plain subquery column, since PostgreSQL
    # does not see two copies of a CASE with bound parameters as the same expression.
    emotion_answers = (
        select(Evaluation.id.label("evaluation_id"), Evaluation.persona.label("persona"),
               case(step_of_question, value=AnswerRow.question_id).label("step"), _numeric_answer().label("emotion"))
        .select_from(AnswerRow).join(Evaluation, _current_applicable_answers(score_filter, list(step_of_question)))
    ).subquery()
    per_evaluation = (
        select(emotion_answers.c.persona, emotion_answers.c.step, func.avg(emotion_answers.c.emotion).label("emotion"))
        .group_by(emotion_answers.c.evaluation_id, emotion_answers.c.persona, emotion_answers.c.step)
    ).subquery()
    rows = session.exec(
        select(per_evaluation.c.persona, per_evaluation.c.step, func.avg(per_evaluation.c.emotion),
               func.count(per_evaluation.c.emotion))
        .group_by(per_evaluation.c.persona, per_evaluation.c.step)
    ).all()
    return [(persona, step_id, _aggregate(mean, n)) for persona, step_id, mean, n in rows]


def nps_counts(session: Session, score_filter: ScoreFilter, question_ids: list[str]) -> tuple[int, int, int]:
    """(promoters, detractors, answered) over the applicable nps answers."""
    if not question_ids:
        return 0, 0, 0
    value = _numeric_answer()
    row = session.exec(
        select(func.sum(case((value >= 9, 1), else_=0)), func.sum(case((value <= 6, 1), else_=0)),
               func.count(AnswerRow.id))
        .select_from(AnswerRow).join(Evaluation, _current_applicable_answers(score_filter, question_ids))
    ).one()
    return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0)


def question_pass_rates(session: Session, score_filter: ScoreFilter) -> dict[str, Aggregate]:
    """Per question, the share (0..100) of applicable answers with full points."""
    ids = evaluation_ids(score_filter)
    full = case((AnswerRow.points >= AnswerRow.max_points, 100.0), else_=0.0)
    rows = session.exec(
        select(AnswerRow.question_id, func.avg(full), func.count(AnswerRow.id))
        .join(Evaluation, and_(AnswerRow.evaluation_id == Evaluation.id, AnswerRow.revision == Evaluation.revision))
        .where(AnswerRow.applicable, AnswerRow.points.is_not(None), Evaluation.id.in_(ids))
        .group_by(AnswerRow.question_id)
    ).all()
    return {question_id: _aggregate(mean, n) for question_id, mean, n in rows}


def grouped(session: Session, score_filter: ScoreFilter, by: tuple[str, ...]) -> list[tuple[tuple, Aggregate]]:
    """Mean with n grouped by up to two of location, wave, persona, step, touchpoint.

    Grouping by step or touchpoint averages that step's or touchpoint's score; otherwise the total score.
    """
    ids = evaluation_ids(score_filter)
    columns = {"location": Evaluation.location_id, "wave": Evaluation.wave_id, "persona": Evaluation.persona}
    score_dimension = next((d for d in by if d in ("step", "touchpoint")), None)
    keys = [columns[d] if d in columns else EvaluationScore.key for d in by]
    if score_dimension is None:
        query = select(*keys, func.avg(Evaluation.total_score), func.count(Evaluation.total_score)) \
            .where(Evaluation.id.in_(ids))
    else:
        query = select(*keys, func.avg(EvaluationScore.score), func.count(EvaluationScore.score)) \
            .join(Evaluation, Evaluation.id == EvaluationScore.evaluation_id) \
            .where(EvaluationScore.dimension == score_dimension, Evaluation.id.in_(ids))
    rows = session.exec(query.group_by(*keys)).all()
    return [(tuple(row[:-2]), _aggregate(row[-2], row[-1])) for row in rows]
