"""Points per question type (the SCORING.md table) as exact fractions, and whether an answer fits."""

from __future__ import annotations

import math
import re
from datetime import date
from fractions import Fraction
from typing import Any

from backend.checklists.template import AnswerIn, Band, Question

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def exact(number: float) -> Fraction:
    """The decimal a template or device wrote, as a fraction: 0.1 stays 1/10, not its binary neighbour."""
    return Fraction(repr(float(number))) if isinstance(number, float) else Fraction(number)


def answer_number(value: Any) -> Fraction | None:
    """A finite JSON number as an exact fraction; None for anything else (booleans included)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return exact(value)


def max_points(question: Question) -> Fraction | None:
    """The question's maximum points `m_q`; None for a type that is not scored."""
    if question.type in ("yes_no", "scale"):
        return exact(question.points) if question.points is not None else Fraction(1)
    if question.type == "single_choice":
        return max((exact(option.points) for option in question.options or ()), default=Fraction(0))
    if question.type == "multi_choice":
        if question.max_points is not None:
            return exact(question.max_points)
        return sum((exact(option.points) for option in question.options or ()), Fraction(0))
    if question.type in ("number", "duration"):
        return max((exact(band.points) for band in question.bands or ()), default=Fraction(0))
    return None


def earned_points(question: Question, value: Any) -> Fraction | None:
    """Points `p_q` the value earns; None when the value does not fit the question (scored as unanswered)."""
    maximum = max_points(question)
    if maximum is None:
        return None
    if question.type == "yes_no":
        if not isinstance(value, bool):
            return None
        return maximum if value == (question.pass_on == "yes") else Fraction(0)
    if question.type == "single_choice":
        option_points = _option_points(question)
        if not isinstance(value, str) or value not in option_points:
            return None
        return option_points[value]
    if question.type == "multi_choice":
        return _multi_choice_points(question, value, maximum)
    if question.type == "scale":
        return _scale_points(question, value, maximum)
    return _band_points(question, value)


def answer_fits(question: Question, answer: AnswerIn) -> bool:
    """True when the answer carries a value (or photos) of the kind the question asks for, and is not N/A."""
    if answer.na:
        return False
    if question.type == "photo":
        return bool(answer.photos)
    if not answer.has_value:
        return False
    value = answer.value
    if question.scored:
        return earned_points(question, value) is not None
    if question.type == "text":
        return isinstance(value, str)
    if question.type == "nps":
        return _whole_number_between(value, 0, 10)
    if question.type == "emotion":
        return _whole_number_between(value, 1, 5)
    if question.type == "date":
        return isinstance(value, str) and bool(_DATE.match(value)) and _is_calendar_date(value)
    if question.type == "time":
        return isinstance(value, str) and bool(_TIME.match(value))
    return False


def _option_points(question: Question) -> dict[str, Fraction]:
    return {option.value: exact(option.points) for option in question.options or ()}


def _multi_choice_points(question: Question, value: Any, maximum: Fraction) -> Fraction | None:
    if not isinstance(value, list) or not value:
        return None
    option_points = _option_points(question)
    if not all(isinstance(item, str) and item in option_points for item in value):
        return None
    # A choice listed twice is still one choice.
    return min(sum((option_points[item] for item in set(value)), Fraction(0)), maximum)


def _scale_points(question: Question, value: Any, maximum: Fraction) -> Fraction | None:
    number = answer_number(value)
    if number is None or question.min is None or question.max is None or question.max <= question.min:
        return None
    low, high = exact(question.min), exact(question.max)
    if not low <= number <= high:
        return None
    return maximum * (number - low) / (high - low)


def _band_points(question: Question, value: Any) -> Fraction | None:
    number = answer_number(value)
    if number is None or not _within_allowed_range(question, number):
        return None
    for band in question.bands or ():
        if _band_holds(band, number):
            return exact(band.points)
    return Fraction(0)


def _band_holds(band: Band, number: Fraction) -> bool:
    # A band with both bounds needs both; a band with neither catches every value.
    if band.min is not None and number < exact(band.min):
        return False
    return band.max is None or number <= exact(band.max)


def _within_allowed_range(question: Question, number: Fraction) -> bool:
    if question.min is not None and number < exact(question.min):
        return False
    return question.max is None or number <= exact(question.max)


def _whole_number_between(value: Any, low: int, high: int) -> bool:
    number = answer_number(value)
    return number is not None and number.denominator == 1 and low <= number <= high


def _is_calendar_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True
