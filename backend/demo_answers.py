"""Plausible answers for a checklist, for the demo agency and for benchmarks: valid by construction."""

from __future__ import annotations

import random
from dataclasses import dataclass

from backend.checklists.conditions import visible_question_ids
from backend.checklists.template import AnswerIn, ChecklistDefinition, Question, photo_rule
from backend.evaluations.validation import DEFAULT_SCALE

COMMENTS = (
    "Mitarbeiter war freundlich, aber abgelenkt.",
    "Wartezeit zu lang, niemand hat sich entschuldigt.",
    "Sehr kompetent, Tarife klar erklärt.",
    "Preisschild fehlte am Aktionsartikel.",
    "Eingangsbereich sauber und hell.",
)


@dataclass(frozen=True)
class DraftAnswers:
    answers: dict[str, AnswerIn]
    photo_questions: dict[str, int]
    """question id -> how many photos to attach."""


def draft_answers(definition: ChecklistDefinition, *, persona: str, quality: float, rng: random.Random,
                  visit_date: str = "2026-03-02") -> DraftAnswers:
    """Answers a tester of the given diligence (0..1 chance of a passing item) might give, question by question."""
    answers: dict[str, AnswerIn] = {}
    photo_questions: dict[str, int] = {}
    for question in definition.questions():
        if question.id not in visible_question_ids(definition, persona, {**answers, question.id: AnswerIn()}):
            continue
        if not question.required and question.type != "photo" and rng.random() < 0.15:
            continue
        if question.na_allowed and rng.random() < 0.08:
            answers[question.id] = AnswerIn(na=True)
            continue
        value = _value(question, quality=quality, rng=rng, visit_date=visit_date)
        rule = photo_rule(question)
        photos = rule.min if rule.min else (1 if rule.max and rng.random() < 0.3 else 0)
        if photos:
            photo_questions[question.id] = photos
        comment = rng.choice(COMMENTS) if question.comment in ("required", "required_on_fail") or rng.random() < 0.1 else None
        answers[question.id] = AnswerIn(value=value, comment=comment)
    return DraftAnswers(answers=answers, photo_questions=photo_questions)


def _value(question: Question, *, quality: float, rng: random.Random, visit_date: str):
    good = rng.random() < quality
    kind = question.type
    if kind == "yes_no":
        return good if question.pass_on == "yes" else not good
    if kind == "single_choice":
        options = sorted(question.options or [], key=lambda o: o.points, reverse=True)
        return (options[0] if good else rng.choice(options)).value
    if kind == "multi_choice":
        options = question.options or []
        chosen = [o.value for o in options if rng.random() < (0.8 if good else 0.35)]
        return chosen or [options[0].value]
    if kind == "scale":
        low = question.min if question.min is not None else DEFAULT_SCALE[0]
        high = question.max if question.max is not None else DEFAULT_SCALE[1]
        return high if good else rng.randint(int(low), int(high))
    if kind in ("number", "duration"):
        bands = question.bands or []
        best = max(bands, key=lambda b: b.points) if bands else None
        if good and best is not None and best.max is not None:
            return max(question.min or 0, round(best.max * rng.uniform(0.3, 0.9)))
        if good and best is not None and best.min is not None:
            return round(best.min * rng.uniform(1.0, 1.5))
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else 300
        return rng.randint(int(low), int(high))
    if kind == "nps":
        return rng.randint(8, 10) if good else rng.randint(2, 8)
    if kind == "emotion":
        return rng.randint(4, 5) if good else rng.randint(1, 4)
    if kind == "text":
        return rng.choice(COMMENTS)
    if kind == "date":
        return visit_date
    if kind == "time":
        return f"{rng.randint(9, 18):02d}:{rng.choice(['00', '15', '30', '45'])}"
    return None
