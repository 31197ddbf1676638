"""Scores as people read them: one decimal, rounded half away from zero, "n/a" for an empty set."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

# Languages that write a decimal comma, and the regions where that language uses a point after all.
_DECIMAL_COMMA_LANGUAGES = frozenset("de fr it es nl pt pl cs sk da sv nb nn fi ru tr hu ro".split())
_DECIMAL_POINT_REGIONS = frozenset({("de", "ch"), ("de", "li"), ("it", "ch")})


def format_score(value: float | None, *, na: str = "n/a", locale: str = "en") -> str:
    """One decimal, half away from zero (63.636 -> "63.6", 84.25 -> "84.3"); `na` for None; de: "63,6"."""
    if value is None:
        return na
    if not math.isfinite(value):
        raise ValueError(f"a score must be a finite number, got {value!r}")
    # repr is the shortest decimal that round-trips: 84.35 is rounded as 84.35, not as its binary neighbour.
    rounded = Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):.1f}" if rounded.is_zero() else f"{rounded:.1f}"
    return text.replace(".", ",") if _uses_decimal_comma(locale) else text


def _uses_decimal_comma(locale: str) -> bool:
    language, region = ([*locale.lower().replace("_", "-").split("-"), ""])[:2]
    return language in _DECIMAL_COMMA_LANGUAGES and (language, region) not in _DECIMAL_POINT_REGIONS
