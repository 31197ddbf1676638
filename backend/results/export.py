"""CSV export of a project's evaluations, streamed in batches so 100,000 rows never sit in memory."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from sqlalchemy import and_
from sqlmodel import Session, select

from backend.auth.models import User
from backend.checklists.template import ChecklistDefinition
from backend.config import default_time_zone
from backend.evaluations.models import AnswerRow, Evaluation, EvaluationScore
from backend.fieldwork.models import Location, Wave
from backend.results.queries import ScoreFilter, evaluation_ids
from backend.timeutil import local

BATCH = 1000


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    return _defuse(str(value))


def _defuse(text: str) -> str:
    """Spreadsheets run cells starting with =, +, - or @ as formulas: a tester's comment must not."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_rows(*, session: Session, definition: ChecklistDefinition, score_filter: ScoreFilter,
                with_answers: bool = True) -> Iterator[str]:
    """The CSV text, chunk by chunk: a header, then one row per evaluation."""
    steps = [s.id for s in definition.steps]
    touchpoints = [t.id for t in definition.touchpoints]
    questions = [q.id for q in definition.questions()] if with_answers else []
    header = ["evaluation_id", "location_code", "location", "wave", "persona", "tester", "status", "revision",
              "submitted_at", "visit_started_at", "visit_ended_at", "total_score", "persona_score", "passed",
              "knockouts", *[f"step:{s}" for s in steps], *[f"touchpoint:{t}" for t in touchpoints],
              *[f"answer:{q}" for q in questions], *[f"comment:{q}" for q in questions]]
    yield _line(header)
    locations = {row.id: row for row in session.exec(select(Location))}
    waves = {row.id: row.name for row in session.exec(select(Wave))}
    ids = evaluation_ids(score_filter)
    last_id = None
    while True:
        query = select(Evaluation).where(Evaluation.id.in_(ids)).order_by(Evaluation.id).limit(BATCH)
        if last_id is not None:
            query = query.where(Evaluation.id > last_id)
        batch = list(session.exec(query))
        if not batch:
            return
        last_id = batch[-1].id
        yield _batch(session, batch, locations, waves, steps, touchpoints, questions)


def _batch(session, batch, locations, waves, steps, touchpoints, questions) -> str:
    batch_ids = [e.id for e in batch]
    scores: dict = {}
    for row in session.exec(select(EvaluationScore).where(EvaluationScore.evaluation_id.in_(batch_ids))):
        scores[(row.evaluation_id, row.dimension, row.key)] = row.score
    answers: dict = {}
    if questions:
        for row in session.exec(select(AnswerRow).join(Evaluation, and_(
                AnswerRow.evaluation_id == Evaluation.id, AnswerRow.revision == Evaluation.revision))
                .where(AnswerRow.evaluation_id.in_(batch_ids))):
            answers[(row.evaluation_id, row.question_id)] = row
    testers = {u.id: u.pseudonym for u in session.exec(
        select(User).where(User.id.in_({e.tester_id for e in batch})))}
    out = io.StringIO()
    writer = csv.writer(out)
    for e in batch:
        location = locations.get(e.location_id)
        row = [str(e.id), location.code if location else "", location.name if location else "",
               waves.get(e.wave_id, ""), e.persona, testers.get(e.tester_id) or "", str(e.status.value if hasattr(e.status, "value") else e.status),
               e.revision, *(_on_location_clock(moment, location)
                             for moment in (e.submitted_at, e.visit_started_at, e.visit_ended_at)),
               e.total_score, e.persona_score, e.passed, e.knockouts or []]
        row += [scores.get((e.id, "step", s)) for s in steps]
        row += [scores.get((e.id, "touchpoint", t)) for t in touchpoints]
        found = [answers.get((e.id, q)) for q in questions]
        row += ["n/a" if a is not None and a.is_na else (_answer_text(a.value) if a is not None else "") for a in found]
        row += [a.comment if a is not None else "" for a in found]
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def _answer_text(value) -> str | list:
    if isinstance(value, (dict,)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(cells)
    return out.getvalue()


def _on_location_clock(moment, location) -> str:
    """RFC 3339 with the location's offset: the hour a person at the location saw, and still one instant."""
    if moment is None:
        return ""
    return local(moment, location.time_zone if location else default_time_zone()).isoformat()
