"""Skip logic: the shared vectors (also run by the PWA) and a few direct checks of `evaluate`."""

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from backend.checklists.conditions import comparison_operator, evaluate, is_answered, visible_question_ids
from backend.checklists.template import AnswerIn, ChecklistDefinition, Comparison, Condition

DOCUMENT = json.loads((Path(__file__).parents[1] / "vectors" / "skip_logic.json").read_text("utf-8"))
VECTORS = DOCUMENT["vectors"]
condition = TypeAdapter(Condition).validate_python


def definition_for(vector: dict[str, Any]) -> ChecklistDefinition:
    """Wrap a vector's questions in the smallest template that holds them."""
    personas = {vector["persona"]} | {p for q in vector["questions"] for p in q.get("personas") or []}
    questions = [
        {
            "step": "visit",
            "touchpoint": "desk",
            "text": question["id"],
            **{key: value for key, value in question.items() if key != "options"},
            **(
                {"options": [{"value": value, "label": value} for value in question["options"]]}
                if "options" in question
                else {}
            ),
        }
        for question in vector["questions"]
    ]
    return ChecklistDefinition.model_validate(
        {
            "key": "vectors",
            "kind": "store_check",
            "title": "vectors",
            "steps": [{"id": "visit", "title": "Visit"}],
            "touchpoints": [{"id": "desk", "title": "Desk", "channel": "offline"}],
            "personas": [{"id": persona, "title": persona} for persona in sorted(personas)],
            "sections": [{"id": "main", "title": "Main", "questions": questions}],
        }
    )


def test_vectors_are_many_and_uniquely_named():
    assert DOCUMENT["format"] == 1
    names = [vector["name"] for vector in VECTORS]
    assert len(names) >= 50
    assert len(set(names)) == len(names)


def test_vectors_cover_every_operator():
    text = json.dumps(VECTORS)
    for key in ("equals", "not_equals", "in", "not_in", "gt", "gte", "lt", "lte", "answered", "all", "any", "not"):
        assert f'"{key}": ' in text, key


@pytest.mark.parametrize("vector", VECTORS, ids=[vector["name"] for vector in VECTORS])
def test_vector(vector):
    answers = {qid: AnswerIn.model_validate(answer) for qid, answer in vector["answers"].items()}
    visible = visible_question_ids(definition_for(vector), vector["persona"], answers)
    assert visible == set(vector["visible"])


def test_evaluate_reads_only_the_answers_given():
    shown = condition({"question": "q1", "equals": "a"})
    assert evaluate(shown, {"q1": AnswerIn(value="a")})
    assert not evaluate(shown, {})


def test_not_equals_and_not_in_hold_for_missing_answers():
    assert evaluate(condition({"question": "q1", "not_equals": "a"}), {})
    assert evaluate(condition({"question": "q1", "not_in": ["a"]}), {"q1": AnswerIn(na=True)})
    assert not evaluate(condition({"question": "q1", "in": ["a"]}), {"q1": AnswerIn(na=True)})


def test_numbers_compare_numerically_but_booleans_are_not_numbers():
    assert evaluate(condition({"question": "q1", "equals": 1}), {"q1": AnswerIn(value=1.0)})
    assert not evaluate(condition({"question": "q1", "equals": 1}), {"q1": AnswerIn(value=True)})
    assert not evaluate(condition({"question": "q1", "gte": 1}), {"q1": AnswerIn(value=True)})


def test_is_answered():
    assert is_answered(AnswerIn(value=0))
    assert is_answered(AnswerIn(photos=["p1"]))
    assert not is_answered(AnswerIn(value="x", na=True))
    assert not is_answered(AnswerIn(value=""))
    assert not is_answered(None)


def test_comparison_operator_uses_template_keys():
    assert comparison_operator(condition({"question": "q1", "in": [1]})) == "in"
    assert comparison_operator(condition({"question": "q1", "lte": 3})) == "lte"


@pytest.mark.parametrize(
    "raw",
    [
        {"question": "q1"},
        {"question": "q1", "equals": 1, "gt": 0},
        {"question": "q1", "equals": None},
        {"question": "q1", "in": [[1]]},
        {"question": "q1", "gt": True},
        {"all": []},
        "q1 is yes",
    ],
)
def test_malformed_conditions_are_refused(raw):
    with pytest.raises(ValidationError):
        condition(raw)


def test_a_comparison_object_never_lacks_an_operator():
    with pytest.raises(ValidationError):
        Comparison(question="q1")


def test_a_definition_dumped_with_nulls_loads_again():
    vector = next(vector for vector in VECTORS if vector["name"] == "all of any and not, true")
    definition = definition_for(vector)
    assert ChecklistDefinition.model_validate(definition.model_dump(by_alias=True)) == definition
