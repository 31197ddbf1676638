"""Aggregates over many evaluations (SCORING.md): means of per-evaluation values, each reported with its n."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from backend.scoring.points import answer_number, exact


@dataclass(frozen=True)
class Aggregate:
    """The mean of the values that are not None, and `n`, how many there were; mean None when n is 0."""

    mean: float | None
    n: int


@dataclass(frozen=True)
class JourneyPoint:
    """One step of a persona's journey curve: mean step score, and mean emotion where the template asks."""

    step: str
    score: Aggregate
    emotion: Aggregate | None
    """None where the template has no `emotion` question in this step."""


def mean_with_n(values: Iterable[float | None]) -> Aggregate:
    """Mean of the values that are not None (each counts once), with their number."""
    present = [exact(value) for value in values if value is not None]
    if not present:
        return Aggregate(mean=None, n=0)
    # Exact, so that a mean of equal values is that value and equal means compare equal.
    return Aggregate(mean=float(sum(present, Fraction(0)) / len(present)), n=len(present))


def persona_touchpoint_matrix(
    rows: Iterable[tuple[str, str, float | None]],
    *,
    personas: Sequence[str] = (),
    touchpoints: Sequence[str] = (),
) -> dict[str, dict[str, Aggregate]]:
    """`M[p][t]` from (persona, touchpoint, touchpoint score) rows, one per evaluation and touchpoint.

    Every persona and touchpoint named in `personas`/`touchpoints` gets a cell (n 0 without data), in that
    order; others found in the rows follow in order of first appearance.
    """
    values: dict[tuple[str, str], list[float | None]] = {}
    for persona, touchpoint, score in rows:
        values.setdefault((persona, touchpoint), []).append(score)
    persona_order = _ordered(personas, (persona for persona, _ in values))
    touchpoint_order = _ordered(touchpoints, (touchpoint for _, touchpoint in values))
    return {
        persona: {
            touchpoint: mean_with_n(values.get((persona, touchpoint), ())) for touchpoint in touchpoint_order
        }
        for persona in persona_order
    }


def journey_curve(
    step_rows: Iterable[tuple[str, str, float | None]],
    emotion_rows: Iterable[tuple[str, str, float | None]],
    *,
    steps: Sequence[str],
    emotion_steps: Collection[str],
    personas: Sequence[str] = (),
) -> dict[str, list[JourneyPoint]]:
    """Per persona, in step order: the mean step score and the mean emotion (1..5) where the template asks.

    `step_rows` are (persona, step, step score), one per evaluation and step; `emotion_rows` are
    (persona, step, emotion), one per evaluation and step (the mean of its emotion answers in that step).
    `emotion_steps` are the steps with an `emotion` question in the template.
    """
    scores = persona_touchpoint_matrix(step_rows, personas=personas, touchpoints=steps)
    emotions = persona_touchpoint_matrix(emotion_rows, personas=list(scores), touchpoints=steps)
    return {
        persona: [
            JourneyPoint(
                step=step,
                score=cells[step],
                emotion=emotions[persona][step] if step in emotion_steps else None,
            )
            for step in cells
        ]
        for persona, cells in scores.items()
    }


def nps(values: Iterable[int | None]) -> float | None:
    """NPS of the answered `nps` values (0..10): % promoters (9, 10) minus % detractors (0..6)."""
    answered = [_nps_value(value) for value in values if value is not None]
    if not answered:
        return None
    promoters = sum(1 for value in answered if value >= 9)
    detractors = sum(1 for value in answered if value <= 6)
    return float(Fraction(100 * (promoters - detractors), len(answered)))


def pain_points(
    matrix: Mapping[str, Mapping[str, Aggregate]], *, touchpoints: Sequence[str], limit: int = 3
) -> dict[str, list[str]]:
    """Per persona, the `limit` lowest touchpoints; ties: more evaluations first, then template order."""
    position = {touchpoint: index for index, touchpoint in enumerate(touchpoints)}
    result: dict[str, list[str]] = {}
    for persona, cells in matrix.items():
        scored = [(touchpoint, cell) for touchpoint, cell in cells.items() if cell.mean is not None]
        # Touchpoints missing from the template order keep their matrix order, after the known ones.
        scored.sort(key=lambda item: (item[1].mean, -item[1].n, position.get(item[0], len(position))))
        result[persona] = [touchpoint for touchpoint, _ in scored[:limit]]
    return result


def question_pass_rates(
    rows: Iterable[tuple[str, float | None, float | None]], *, questions: Sequence[str] = ()
) -> dict[str, Aggregate]:
    """Per question, the percentage (0..100) of applicable answers that earned full points, with n.

    `rows` are (question id, points, max points), one per evaluation and question; points None means the
    question did not count in that evaluation and is left out.
    """
    values: dict[str, list[float | None]] = {question_id: [] for question_id in questions}
    for question_id, points, maximum in rows:
        full = None if points is None or maximum is None else (100.0 if points >= maximum else 0.0)
        values.setdefault(question_id, []).append(full)
    return {question_id: mean_with_n(found) for question_id, found in values.items()}


def group_means(
    rows: Iterable[Mapping[str, Any]], keys: Sequence[str], *, value: str = "score"
) -> dict[tuple[Hashable, ...], Aggregate]:
    """Mean of `row[value]` per group of equal `row[key]` for the keys (e.g. location, wave, persona, step).

    Each row is one per-evaluation value; groups appear in order of first appearance.
    """
    values: dict[tuple[Hashable, ...], list[float | None]] = {}
    for row in rows:
        values.setdefault(tuple(row[key] for key in keys), []).append(row[value])
    return {group: mean_with_n(found) for group, found in values.items()}


def _ordered(first: Sequence[str], seen: Iterable[str]) -> list[str]:
    return list(dict.fromkeys([*first, *seen]))


def _nps_value(value: Any) -> int:
    number = answer_number(value)
    if number is None or number.denominator != 1 or not 0 <= number <= 10:
        raise ValueError(f"an nps answer is a whole number from 0 to 10, got {value!r}")
    return int(number)
