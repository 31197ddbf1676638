"""Numbers, scores, dates and times as a report in German or English prints them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from backend.evaluations.proof import format_distance
from backend.reports.document import Language
from backend.scoring.display import format_score

_NOT_AVAILABLE: dict[Language, str] = {"de": "k. A.", "en": "n/a"}
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _decimal_separator(text: str, language: Language) -> str:
    return text.replace(".", ",") if language == "de" else text


@dataclass(frozen=True)
class Formatter:
    """Formats values for one report language; templates call it as `fmt`."""

    language: Language

    @property
    def not_available(self) -> str:
        return _NOT_AVAILABLE[self.language]

    def score(self, value: float | None) -> str:
        """One decimal, rounded half away from zero, as SCORING.md fixes it for every report."""
        return format_score(value, na=self.not_available, locale=self.language)

    def percent(self, value: float | None) -> str:
        """A score with its unit: "63.6%" in English, "63,6 %" in German."""
        if value is None:
            return self.not_available
        separator = "\u202f" if self.language == "de" else ""
        return f"{self.score(value)}{separator}%"

    def number(self, value: float | None, *, decimals: int = 2) -> str:
        """A plain number with up to `decimals` decimals and no trailing zeros."""
        if value is None:
            return self.not_available
        quantum = Decimal(1).scaleb(-decimals)
        rounded = Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP).normalize()
        text = f"{rounded:f}"
        if text in ("-0", "0"):
            text = "0"
        return _decimal_separator(text, self.language)

    def integer(self, value: int) -> str:
        """A count with thousands separators: 1.234 in German, 1,234 in English."""
        text = f"{value:,}"
        return text.replace(",", ".") if self.language == "de" else text

    def date(self, value: date | None) -> str:
        if value is None:
            return self.not_available
        if self.language == "de":
            return f"{value.day:02d}.{value.month:02d}.{value.year}"
        return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"

    def time(self, value: datetime | None) -> str:
        return self.not_available if value is None else f"{value.hour:02d}:{value.minute:02d}"

    def distance(self, metres: float | None) -> str:
        """Metres below a kilometre, else kilometres: 850 m, 1,2 km, 504 km."""
        return self.not_available if metres is None else format_distance(metres, language=self.language)

    def minutes_between(self, start: datetime | None, end: datetime | None) -> str:
        """The length of a visit in whole minutes."""
        if start is None or end is None:
            return self.not_available
        minutes = round((end - start).total_seconds() / 60)
        return f"{minutes} min"
