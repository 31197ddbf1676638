"""The project aggregates straight from SCORING.md, in plain Python over the engine's per-evaluation scores.

Deliberately naive: lists and loops, exact fractions, nothing shared with backend.results; only the scoring engine.
Every mean is (mean, n); mean None when n is 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from backend.checklists.template import ChecklistDefinition
from backend.scoring.engine import EvaluationScores

Mean = tuple[float | None, int]


@dataclass(frozen=True)
class Counted:
    """One released evaluation: where and when it was made, and its scores from the engine."""

    location_id: int
    wave_id: int | None
    scores: EvaluationScores


def mean(values) -> Mean:
    present = [Fraction(value) for value in values if value is not None]
    return (float(sum(present) / len(present)), len(present)) if present else (None, 0)


def emotion_of_step(scores: EvaluationScores, step: str) -> float | None:
    """The evaluation's own emotion for the step: the mean of its answered, applicable emotion questions."""
    return mean(q.value for q in scores.questions if q.type == "emotion" and q.applicable and q.step == step)[0]


def settled(value: float) -> float:
    # Float means carry the database's summation order in their last bits; compare them as reported.
    return round(value, 9)


def expected(definition: ChecklistDefinition, counted: list[Counted]) -> dict:
    """Every aggregate of a project's scores, keyed as `project_scores` returns them."""
    personas = [p.id for p in definition.personas]
    steps = [s.id for s in definition.steps]
    touchpoints = [t.id for t in definition.touchpoints]
    questions = definition.questions()
    emotion_steps = {q.step for q in questions if q.type == "emotion"}
    of = {persona: [c.scores for c in counted if c.scores.persona == persona] for persona in personas}

    matrix = {p: {t: mean(e.touchpoints[t] for e in of[p]) for t in touchpoints} for p in personas}
    journey = {
        p: [{"step": s, "score": mean(e.steps[s] for e in of[p]),
             "emotion": mean(emotion_of_step(e, s) for e in of[p]) if s in emotion_steps else None}
            for s in steps]
        for p in personas
    }
    nps_answers = [q.value for c in counted for q in c.scores.questions if q.type == "nps" and q.applicable]
    promoters = sum(1 for value in nps_answers if value >= 9)
    detractors = sum(1 for value in nps_answers if value <= 6)
    threshold = definition.pass_threshold
    pain = {}
    for p in personas:
        below = [(settled(cell[0]), -cell[1], index, t) for index, (t, cell) in enumerate(matrix[p].items())
                 if cell[0] is not None and settled(cell[0]) < threshold]
        pain[p] = [t for *_, t in sorted(below)[:3]]
    question_rates = {}
    for question in questions:
        full = [100 if q.points >= q.max_points else 0 for c in counted for q in c.scores.questions
                if q.question_id == question.id and q.reason == "scored"]
        question_rates[question.id] = mean(full)
    return {
        "n": len(counted),
        "total": mean(c.scores.total for c in counted),
        "persona_score": mean(c.scores.persona_score for c in counted),
        "pass_rate": mean(100 if c.scores.passed else 0 for c in counted),
        "knockout_rate": mean(100 if c.scores.knockouts else 0 for c in counted),
        "matrix": matrix,
        "persona_scores": {p: mean(e.persona_score for e in of[p]) for p in personas},
        "step_scores": {s: mean(c.scores.steps[s] for c in counted) for s in steps},
        "touchpoint_scores": {t: mean(c.scores.touchpoints[t] for c in counted) for t in touchpoints},
        "journey": journey,
        "nps": (100 * Fraction(promoters - detractors, len(nps_answers)) if nps_answers else None,
                len(nps_answers), promoters, detractors),
        "pain_points": pain,
        "locations": grouped(counted, ("location",)),
        "waves": grouped(counted, ("wave",)),
        "questions": question_rates,
    }


def grouped(counted: list[Counted], by: tuple[str, ...]) -> dict[tuple, Mean]:
    """Means per group of one or two of location, wave, persona, step, touchpoint (SCORING.md: same mean)."""
    values: dict[tuple, list] = {}
    for c in counted:
        fixed = {"location": c.location_id, "wave": c.wave_id, "persona": c.scores.persona}
        scored = next((d for d in by if d in ("step", "touchpoint")), None)
        if scored is None:
            values.setdefault(tuple(fixed[d] for d in by), []).append(c.scores.total)
            continue
        for key, score in (c.scores.steps if scored == "step" else c.scores.touchpoints).items():
            values.setdefault(tuple(key if d == scored else fixed[d] for d in by), []).append(score)
    return {key: mean(found) for key, found in values.items()}
