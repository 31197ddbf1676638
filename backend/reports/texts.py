"""Template texts and answer values in the report's language: pure."""

from __future__ import annotations

from typing import Any

from backend.checklists.conditions import is_answered
from backend.checklists.template import AnswerIn, Question, localized

PHOTOS = {"de": ("Foto", "Fotos"), "en": ("photo", "photos")}
YES_NO = {"de": ("Ja", "Nein"), "en": ("Yes", "No")}
INSTRUMENTS = {
    "store_check": {"de": "Mystery Store Check", "en": "Mystery store check"},
    "service_check": {"de": "Mystery Service Check", "en": "Mystery service check"},
    "mystery_calling": {"de": "Mystery Calling", "en": "Mystery calling"},
    "promotion_check": {"de": "Promotion-Check", "en": "Promotion check"},
}


def answer_text(question: Question, answer: AnswerIn | None, language: str) -> str | None:
    """How an answer reads in a report; None when there is no value (N/A is shown separately)."""
    if question.type == "photo" and is_answered(answer):
        count = len(answer.photos)
        return f"{count} {PHOTOS[language][count != 1]}"
    if answer is None or answer.na or not answer.has_value:
        return None
    value: Any = answer.value
    kind = question.type
    if kind == "yes_no":
        yes, no = YES_NO.get(language, YES_NO["en"])
        return yes if value is True else no
    if kind in ("single_choice", "multi_choice"):
        labels = {o.value: localized(o.label, language) for o in question.options or []}
        chosen = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(v, str(v)) for v in chosen)
    if kind == "scale":
        high = question.max if question.max is not None else 5
        return f"{_number(value, language)} / {_number(high, language)}"
    if kind == "duration":
        seconds = int(value)
        return f"{seconds // 60}:{seconds % 60:02d} min" if seconds >= 60 else f"{seconds} s"
    if kind == "number":
        unit = localized(question.unit, language)
        return f"{_number(value, language)} {unit}".strip()
    if kind == "emotion":
        return f"{int(value)} / 5"
    if kind == "nps":
        return f"{int(value)} / 10"
    return str(value)


def _number(value: float, language: str) -> str:
    text = str(int(value)) if float(value).is_integer() else f"{value:.1f}"
    return text.replace(".", ",") if language == "de" else text
