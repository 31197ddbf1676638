"""What the project aggregates are made of (SCORING.md): a mean with its n, and the pain points of the matrix.

The means themselves are SQL GROUP BYs (backend.results.queries); this module holds the pure rules on top.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SETTLED_DIGITS = 9
"""A mean is a float sum whose last bits depend on the database's order of summing; compared at this
many decimals, SQLite and PostgreSQL agree on ties and on a mean that lands exactly on the threshold."""


@dataclass(frozen=True)
class Aggregate:
    """The mean of the values that are not None, and `n`, how many there were; mean None when n is 0."""

    mean: float | None
    n: int


@dataclass(frozen=True)
class NetPromoterScore(Aggregate):
    """NPS (-100..100) over `n` answered nps questions, with its promoters (9, 10) and detractors (0..6)."""

    promoters: int = 0
    detractors: int = 0

    @property
    def passives(self) -> int:
        return self.n - self.promoters - self.detractors


def net_promoter_score(*, promoters: int, detractors: int, answered: int) -> NetPromoterScore:
    """`100 * (count(9..10) - count(0..6)) / count(answered)`; None over no answers."""
    score = 100 * (promoters - detractors) / answered if answered else None
    return NetPromoterScore(mean=score, n=answered, promoters=promoters, detractors=detractors)


def pain_points(
    matrix: Mapping[str, Mapping[str, Aggregate]], *, touchpoints: Sequence[str], pass_threshold: float,
    limit: int = 3,
) -> dict[str, list[str]]:
    """Per persona, the `limit` lowest touchpoints below the pass threshold, lowest first.

    Ties: more evaluations first, then template order. A touchpoint at or above the threshold, or without
    data, is never a pain point, so a persona may have none.
    """
    position = {touchpoint: index for index, touchpoint in enumerate(touchpoints)}
    result: dict[str, list[str]] = {}
    for persona, cells in matrix.items():
        below = [(touchpoint, round(cell.mean, SETTLED_DIGITS), cell.n) for touchpoint, cell in cells.items()
                 if cell.mean is not None and round(cell.mean, SETTLED_DIGITS) < pass_threshold]
        # Touchpoints missing from the template order keep their matrix order, after the known ones.
        below.sort(key=lambda item: (item[1], -item[2], position.get(item[0], len(position))))
        result[persona] = [touchpoint for touchpoint, _, _ in below[:limit]]
    return result
