"""Checks of a question's type-specific settings: options, bands, ranges, knockouts and photos."""

from __future__ import annotations

import math
from collections.abc import Iterator

from backend.checklists.issues import Path, Problem, format_path
from backend.checklists.template import SCORED_TYPES, ChecklistDefinition, Question

_SETTINGS_BY_TYPE: dict[str, frozenset[str]] = {
    "yes_no": frozenset({"points", "pass_on"}),
    "single_choice": frozenset({"options"}),
    "multi_choice": frozenset({"options", "max_points"}),
    "scale": frozenset({"min", "max", "labels", "points"}),
    "number": frozenset({"min", "max", "unit", "bands"}),
    "duration": frozenset({"min", "max", "bands"}),
    "text": frozenset(),
    "photo": frozenset(),
    "date": frozenset(),
    "time": frozenset(),
    "nps": frozenset({"labels"}),
    "emotion": frozenset({"labels"}),
}
_TYPE_SETTINGS = frozenset().union(*_SETTINGS_BY_TYPE.values(), {"weight"})


def setting_problems(definition: ChecklistDefinition) -> Iterator[Problem]:
    """Problems with the settings of every question."""
    for s, section in enumerate(definition.sections):
        for q, question in enumerate(section.questions):
            yield from _question_problems(question, ("sections", s, "questions", q))


def _question_problems(question: Question, path: Path) -> Iterator[Problem]:
    allowed = _SETTINGS_BY_TYPE[question.type] | ({"weight"} if question.scored else set())
    for name in Question.model_fields:
        key = Question.model_fields[name].alias or name
        if name in question.model_fields_set and name in _TYPE_SETTINGS and name not in allowed:
            yield Problem((*path, key), "unexpected_setting",
                          f"{key} has no meaning for a {question.type} question: remove it.")
    if question.type in {"single_choice", "multi_choice"}:
        yield from _option_problems(question, path)
    if question.type in {"number", "duration"}:
        yield from _band_problems(question, path)
    yield from _range_problems(question, path)
    if question.knockout and not question.scored:
        yield Problem((*path, "knockout"), "knockout_unscored",
                      f"Only a scored question can be a knockout, and {question.type} questions earn no points.")
    if question.comment == "required_on_fail" and not question.scored:
        yield Problem((*path, "comment"), "comment_on_fail_unscored",
                      f"A {question.type} question cannot fail: use comment: optional or required.")
    yield from _photo_problems(question, path)


def _option_problems(question: Question, path: Path) -> Iterator[Problem]:
    options = question.options or []
    if len(options) < 2:
        code = "missing_options" if not options else "too_few_options"
        yield Problem((*path, "options"), code, f"Give this {question.type} question at least two options.")
        if not options:
            return
    first: dict[str, int] = {}
    for index, option in enumerate(options):
        if option.value in first:
            where = format_path((*path, "options", first[option.value]))
            yield Problem((*path, "options", index, "value"), "duplicate_id",
                          f"{option.value!r} is already used at {where}: give each option its own value.")
        first.setdefault(option.value, index)
    total = sum(option.points for option in options)
    if question.type in SCORED_TYPES and total == 0:
        yield Problem((*path, "options"), "nothing_to_score",
                      "No option earns points, so this question cannot be scored: give the better options points.")
    if question.type == "multi_choice" and question.max_points is not None and question.max_points > total:
        yield Problem((*path, "max_points"), "max_points_too_high",
                      f"max_points {question.max_points:g} is more than all options together ({total:g}): "
                      "lower it or leave it out.")


def _band_problems(question: Question, path: Path) -> Iterator[Problem]:
    bands = question.bands or []
    if not bands:
        yield Problem((*path, "bands"), "missing_bands",
                      f"Give this {question.type} question points bands (like - {{max: 20, points: 2}}) "
                      "so it can be scored.")
        return
    for index, band in enumerate(bands):
        if (band.min is None) == (band.max is None):
            yield Problem((*path, "bands", index), "band_bounds",
                          "Give this band either a min or a max (not both, not neither).")
    # The first band whose bound holds wins: a band is useless when earlier bands cover all it covers.
    covered_up_to, covered_from = -math.inf, math.inf
    for index, band in enumerate(bands):
        if band.max is not None and band.min is None:
            reachable = covered_up_to < min(band.max, covered_from)
            covered_up_to = max(covered_up_to, band.max)
        elif band.min is not None and band.max is None:
            reachable = max(band.min, covered_up_to) < covered_from
            covered_from = min(covered_from, band.min)
        else:
            continue
        if not reachable:
            yield Problem((*path, "bands", index), "band_order",
                          "This band can never win: the bands before it already cover its values. List max bands "
                          "from the smallest bound up, min bands from the largest down.")
    if all(band.points == 0 for band in bands):
        yield Problem((*path, "bands"), "nothing_to_score",
                      "No band earns points, so this question cannot be scored: give the better bands points.")


def _range_problems(question: Question, path: Path) -> Iterator[Problem]:
    if question.type == "scale":
        for key in ("min", "max"):
            if getattr(question, key) is None:
                yield Problem((*path, key), "missing_setting",
                              f"Give this scale question its {key}, like min: 1 and max: 5.")
        if question.min is not None and question.max is not None and question.min >= question.max:
            yield Problem((*path, "max"), "range_order",
                          f"The scale's max {question.max:g} must be above its min {question.min:g}.")
    elif question.min is not None and question.max is not None and question.min > question.max:
        yield Problem((*path, "max"), "range_order",
                      f"max {question.max:g} is below min {question.min:g}: no answer could be allowed.")


def _photo_problems(question: Question, path: Path) -> Iterator[Problem]:
    rule = question.photos
    if rule is not None and rule.min > rule.max:
        yield Problem((*path, "photos", "max"), "photo_range",
                      f"photos max {rule.max} is below min {rule.min}: raise max to at least {rule.min}.")
    if question.type == "photo" and (rule is None or rule.max < 1):
        yield Problem((*path, "photos"), "photo_rule_missing",
                      "A photo question needs a photos rule that allows at least one photo, like "
                      "photos: {min: 1, max: 3}.")
