"""What a stored evaluation must look like after any fault: whole, once, with every photo and its files."""

from __future__ import annotations

import uuid
from collections import Counter
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, select

from backend.db import make_engine
from backend.evaluations.models import AnswerRow, Evaluation, EvaluationRevision, EvaluationScore, ReviewEvent
from backend.media.models import Photo
from backend.media.storage import make_photo_keys
from tests.faults.field import Visit

# The mini checklist as a young persona answers it: four answers; two steps and two touchpoints scored.
ANSWERS_PER_EVALUATION = 4
SCORES_PER_EVALUATION = 4


def stored_problems(database_url: str, media_dir: Path, visits: list[Visit]) -> list[str]:
    """Every way the stored data differs from 'each visit exactly once, whole'; empty when all is well."""
    engine = make_engine(database_url)
    problems: list[str] = []
    try:
        with Session(engine) as session:
            evaluations = {e.id: e for e in session.exec(select(Evaluation))}
            expected = {v.evaluation_id for v in visits}
            if set(evaluations) != expected:
                problems.append(f"evaluations: {len(set(evaluations) - expected)} unexpected, "
                                f"{len(expected - set(evaluations))} missing")
            by_assignment = Counter(e.assignment_id for e in evaluations.values())
            problems += [f"assignment {a} has {n} evaluations" for a, n in by_assignment.items() if n > 1]
            problems += _per_evaluation(session, evaluations)
            photos = {p.id: p for p in session.exec(select(Photo))}
            for visit in visits:
                photo = photos.get(visit.photo_id)
                if photo is None:
                    problems.append(f"photo {visit.photo_id} of {visit.evaluation_id} is missing")
                elif photo.claimed_at is None:
                    problems.append(f"photo {visit.photo_id} is not claimed by its submission")
            problems += _file_problems(media_dir, set(photos))
    finally:
        engine.dispose()
    return problems


def _per_evaluation(session: Session, evaluations: dict) -> list[str]:
    def counts(model, column) -> Counter:
        rows = session.exec(select(column, func.count()).select_from(model).group_by(column))
        return Counter({uuid.UUID(str(key)): number for key, number in rows})

    revisions = counts(EvaluationRevision, EvaluationRevision.evaluation_id)
    answers = counts(AnswerRow, AnswerRow.evaluation_id)
    scores = counts(EvaluationScore, EvaluationScore.evaluation_id)
    events = counts(ReviewEvent, ReviewEvent.evaluation_id)
    problems = []
    for evaluation_id, evaluation in evaluations.items():
        found = (evaluation.revision, revisions[evaluation_id], answers[evaluation_id], scores[evaluation_id],
                 events[evaluation_id], evaluation.total_score is not None)
        if found != (1, 1, ANSWERS_PER_EVALUATION, SCORES_PER_EVALUATION, 1, True):
            problems.append(f"evaluation {evaluation_id} is not whole: revision, revisions, answers, scores, "
                            f"events, scored = {found}")
    return problems


def _file_problems(media_dir: Path, photo_ids: set) -> list[str]:
    """Every photo row has its three files, and every file belongs to a photo row (no leftovers)."""
    problems = []
    for photo_id in photo_ids:
        keys = make_photo_keys(photo_id)
        for key in (keys.original, keys.display, keys.thumbnail):
            if not (media_dir / key).is_file():
                problems.append(f"file {key} of a stored photo is missing")
    known = {str(photo_id) for photo_id in photo_ids}
    if media_dir.exists():
        for path in media_dir.rglob("*"):
            if path.is_file() and (path.parent.name not in known or path.name.startswith(".")):
                problems.append(f"file {path.relative_to(media_dir)} belongs to no photo")
    return problems
