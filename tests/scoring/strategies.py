"""Hypothesis strategies for small checklist templates and the answers of evaluations against them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from backend.checklists.template import SCORED_TYPES, AnswerIn, ChecklistDefinition, Question

QUESTION_TYPES = (
    "yes_no", "single_choice", "multi_choice", "scale", "number", "duration",
    "text", "photo", "date", "time", "nps", "emotion",
)
# Dyadic weights and points: products and sums stay exact in binary, so scaled templates score identically.
WEIGHTS = st.sampled_from([0, 0.5, 1, 1, 1, 2, 3])
POINTS = st.sampled_from([0, 0.5, 1, 2, 3])
POSITIVE_POINTS = st.sampled_from([0.5, 1, 2, 3])
ODD_VALUES = st.sampled_from(["?", 999, -5, ["?"], {"x": 1}, 2.5, True])
PHOTO_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"


@dataclass(frozen=True)
class EvaluationCase:
    """One evaluation to score: a template, the persona played and the answers sent."""

    definition: ChecklistDefinition
    persona: str
    answers: dict[str, AnswerIn]


@st.composite
def definitions(draw: st.DrawFn, *, max_questions: int = 8) -> ChecklistDefinition:
    """A small valid template: 1-3 steps, touchpoints, personas; questions of every type, skip logic."""
    steps = [f"s{index}" for index in range(draw(st.integers(1, 3)))]
    touchpoints = [f"t{index}" for index in range(draw(st.integers(1, 3)))]
    personas = [f"p{index}" for index in range(draw(st.integers(1, 3)))]
    questions: list[dict[str, Any]] = []
    for index in range(draw(st.integers(1, max_questions))):
        questions.append(
            draw(
                _question(
                    f"q{index}", steps=steps, touchpoints=touchpoints, personas=personas, earlier=questions
                )
            )
        )
    return ChecklistDefinition.model_validate(
        {
            "key": "generated",
            "kind": "store_check",
            "title": "Generated",
            "pass_threshold": draw(st.sampled_from([0, 50, 80, 100])),
            "steps": [{"id": step, "title": step} for step in steps],
            "touchpoints": [{"id": tp, "title": tp, "channel": "offline"} for tp in touchpoints],
            "personas": [
                {
                    "id": persona,
                    "title": persona,
                    "weights": draw(
                        st.dictionaries(st.sampled_from(touchpoints), WEIGHTS, max_size=len(touchpoints))
                    ),
                }
                for persona in personas
            ],
            "sections": [{"id": "main", "title": "Main", "questions": questions}],
        }
    )


@st.composite
def answers(draw: st.DrawFn, definition: ChecklistDefinition) -> dict[str, AnswerIn]:
    """Answers as a device might send them: missing, N/A, fitting, or an odd value that often does not fit."""
    result: dict[str, AnswerIn] = {}
    for question in definition.questions():
        kind = draw(st.sampled_from([*["fitting"] * 6, "missing", "na", "odd"]))
        if kind == "na":
            result[question.id] = AnswerIn(na=True)
        elif kind == "fitting":
            result[question.id] = draw(fitting_answer(question))
        elif kind == "odd":
            result[question.id] = AnswerIn(value=draw(ODD_VALUES))
    return result


def fitting_answer(question: Question) -> st.SearchStrategy[AnswerIn]:
    """An answer whose value fits the question."""
    if question.type == "photo":
        return st.just(AnswerIn(photos=[PHOTO_ID]))
    return fitting_value(question).map(lambda value: AnswerIn(value=value))


def fitting_value(question: Question) -> st.SearchStrategy[Any]:
    """A value of the kind the question asks for."""
    values = [option.value for option in question.options or ()]
    if question.type == "yes_no":
        return st.booleans()
    if question.type == "single_choice":
        return st.sampled_from(values)
    if question.type == "multi_choice":
        return st.lists(st.sampled_from(values), min_size=1, max_size=len(values), unique=True)
    if question.type == "scale":
        return st.integers(int(question.min), int(question.max)) | st.just((question.min + question.max) / 2)
    if question.type in ("number", "duration"):
        return st.integers(0, 120) | st.sampled_from([0.5, 20.0, 60.0])
    if question.type == "nps":
        return st.integers(0, 10)
    if question.type == "emotion":
        return st.integers(1, 5)
    if question.type == "date":
        return st.dates().map(lambda day: day.isoformat())
    if question.type == "time":
        return st.times().map(lambda moment: moment.strftime("%H:%M"))
    return st.text(min_size=1, max_size=20)


@st.composite
def evaluation_cases(draw: st.DrawFn, *, max_questions: int = 8) -> EvaluationCase:
    """A template, one of its personas (now and then one it does not declare) and answers."""
    definition = draw(definitions(max_questions=max_questions))
    return draw(evaluation_cases_for(definition))


@st.composite
def evaluation_cases_for(draw: st.DrawFn, definition: ChecklistDefinition) -> EvaluationCase:
    """One evaluation against the given template."""
    known = [persona.id for persona in definition.personas]
    persona = draw(st.just("stranger") if draw(_rarely(1, 10)) else st.sampled_from(known))
    return EvaluationCase(definition=definition, persona=persona, answers=draw(answers(definition)))


@st.composite
def _question(
    draw: st.DrawFn, question_id: str, *, steps: list[str], touchpoints: list[str], personas: list[str],
    earlier: list[dict[str, Any]],
) -> dict[str, Any]:
    question_type = draw(st.sampled_from(QUESTION_TYPES))
    question: dict[str, Any] = {
        "id": question_id,
        "type": question_type,
        "text": question_id,
        "step": draw(st.sampled_from(steps)),
        "touchpoint": draw(st.sampled_from(touchpoints)),
        "weight": draw(WEIGHTS),
        "required": draw(st.booleans()),
        "na_allowed": draw(st.booleans()),
        "knockout": draw(st.booleans()) if question_type in SCORED_TYPES else False,
        **draw(_type_settings(question_type)),
    }
    if draw(_rarely(1, 6)):
        question["personas"] = draw(st.lists(st.sampled_from(personas), max_size=len(personas), unique=True))
    if earlier and draw(_rarely(1, 3)):
        question["show_if"] = draw(_condition(earlier))
    return question


def _rarely(times: int, out_of: int) -> st.SearchStrategy[bool]:
    # Hypothesis leans towards small integers and the first list item; True sits at the far end.
    return st.sampled_from([False] * (out_of - times) + [True] * times)


def _type_settings(question_type: str) -> st.SearchStrategy[dict[str, Any]]:
    if question_type == "yes_no":
        optional = {"points": POSITIVE_POINTS, "pass_on": st.sampled_from(["yes", "no"])}
        return st.fixed_dictionaries({}, optional=optional)
    if question_type in ("single_choice", "multi_choice"):
        optional = {"max_points": POSITIVE_POINTS} if question_type == "multi_choice" else {}
        return st.fixed_dictionaries({"options": _options()}, optional=optional)
    if question_type == "scale":
        return st.tuples(st.integers(0, 2), st.integers(1, 10)).flatmap(
            lambda bounds: st.fixed_dictionaries(
                {"min": st.just(bounds[0]), "max": st.just(bounds[0] + bounds[1])},
                optional={"points": POSITIVE_POINTS},
            )
        )
    if question_type in ("number", "duration"):
        return st.fixed_dictionaries({"bands": st.lists(_band(), max_size=3)})
    return st.just({})


def _options() -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.lists(POINTS, min_size=1, max_size=4).map(
        lambda points: [
            {"value": f"o{index}", "label": f"o{index}", "points": worth}
            for index, worth in enumerate(points)
        ]
    )


def _band() -> st.SearchStrategy[dict[str, Any]]:
    bound = st.sampled_from([10, 20, 30, 60, 90])
    return st.fixed_dictionaries({"points": POINTS}, optional={"min": bound, "max": bound})


def _condition(earlier: list[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    comparison = st.sampled_from(earlier).flatmap(_comparison)
    return st.one_of(
        comparison,
        st.lists(comparison, min_size=1, max_size=2).map(lambda parts: {"any": parts}),
        comparison.map(lambda part: {"not": part}),
    )


def _comparison(question: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    target = question["id"]
    if question["type"] == "yes_no":
        return st.sampled_from(
            [{"question": target, "equals": True}, {"question": target, "not_equals": False}]
        )
    if question["type"] in ("single_choice", "multi_choice"):
        return st.sampled_from(question["options"]).map(
            lambda option: {"question": target, "in": [option["value"]]}
        )
    if question["type"] in ("scale", "number", "duration", "nps", "emotion"):
        return st.sampled_from(["gt", "gte", "lt", "lte"]).flatmap(
            lambda operator: st.integers(0, 10).map(lambda bound: {"question": target, operator: bound})
        )
    return st.booleans().map(lambda answered: {"question": target, "answered": answered})


@st.composite
def submittable_definitions(draw: st.DrawFn, *, max_questions: int = 6) -> ChecklistDefinition:
    """A template any answers can be sent for: nothing required, no photos (they need uploads), and often
    several emotion questions in one step, so an evaluation's own emotion is a mean of its answers."""
    data = draw(definitions(max_questions=max_questions)).model_dump(mode="json", by_alias=True, exclude_none=True)
    questions = data["sections"][0]["questions"]
    steps = [step["id"] for step in data["steps"]]
    touchpoints = [touchpoint["id"] for touchpoint in data["touchpoints"]]
    for index in range(draw(st.integers(0, 3))):
        questions.append({"id": f"mood{index}", "type": "emotion", "text": "mood", "step": draw(st.sampled_from(steps)),
                          "touchpoint": draw(st.sampled_from(touchpoints)), "na_allowed": draw(st.booleans())})
    for question in questions:
        question["required"] = False
        if question["type"] == "photo":
            question["type"] = "emotion"
    return ChecklistDefinition.model_validate(data)


@st.composite
def submittable_answers(draw: st.DrawFn, definition: ChecklistDefinition) -> dict[str, AnswerIn]:
    """Answers the submission service accepts: fitting values, N/A where allowed, or none."""
    result: dict[str, AnswerIn] = {}
    for question in definition.questions():
        kind = draw(st.sampled_from(["fitting"] * 4 + ["missing"] + (["na"] if question.na_allowed else [])))
        if kind == "fitting":
            result[question.id] = draw(fitting_answer(question))
        elif kind == "na":
            result[question.id] = AnswerIn(na=True)
    return result
