"""Semantic checks: references, ids and conditions, each reported at its line and path."""

import pytest

from backend.checklists.loader import validate_template
from tests.checklists.factories import VALID_YAML, plant

Q = "sections[0].questions"
WHY_NONE = "show_if: {question: offer, equals: none}"

# (old text, new text with the wrong line marked, code, path, words the message must contain)
PLANTS = {
    "unknown step": (
        "text: Was the entrance clean?\n        step: arrival",
        "text: Was the entrance clean?\n        step: arival  # HERE",
        "unknown_step", f"{Q}[0].step", "did you mean 'arrival'",
    ),
    "unknown touchpoint": (
        "text: How long did you wait?\n        step: arrival\n        touchpoint: entrance",
        "text: How long did you wait?\n        step: arrival\n        touchpoint: kiosk  # HERE",
        "unknown_touchpoint", f"{Q}[4].touchpoint", "use one of entrance, advisor",
    ),
    "unknown persona on a question": (
        "personas: [business]", "personas: [business, student]  # HERE",
        "unknown_persona", f"{Q}[3].personas[1]", "'student'",
    ),
    "empty persona list": (
        "personas: [business]", "personas: []  # HERE", "empty_list", f"{Q}[3].personas", "no persona",
    ),
    "unknown touchpoint in persona weights": (
        "weights: {entrance: 2, advisor: 1}", "weights: {entrance: 2, adviser: 1}  # HERE",
        "unknown_touchpoint", "personas[0].weights.adviser", "did you mean 'advisor'",
    ),
    "duplicate step id": (
        "  - id: consultation\n    title: Consultation",
        "  - id: arrival  # HERE\n    title: Consultation",
        "duplicate_id", "steps[1].id", "already used at steps[0].id",
    ),
    "duplicate touchpoint id": (
        "  - id: advisor\n    title: Advisor", "  - id: entrance  # HERE\n    title: Advisor",
        "duplicate_id", "touchpoints[1].id", "touchpoints[0].id",
    ),
    "duplicate persona id": (
        "  - id: business", "  - id: young  # HERE", "duplicate_id", "personas[1].id", "personas[0].id",
    ),
    "duplicate question id": (
        "      - id: wait", "      - id: clean  # HERE", "duplicate_id", f"{Q}[4].id", f"{Q}[0].id",
    ),
    "duplicate option value": (
        "{value: verbal, label: Verbal, points: 1}", "{value: written, label: Verbal, points: 1}  # HERE",
        "duplicate_id", f"{Q}[2].options[1].value", "own value",
    ),
    "condition on an unknown question": (
        WHY_NONE, "show_if: {question: ofer, equals: none}  # HERE",
        "unknown_question", f"{Q}[6].show_if.question", "did you mean 'offer'",
    ),
    "condition on a later question": (
        "        min: 1\n        max: 5\n", "        min: 1\n        max: 5\n        show_if: {question: wait, gt: 10}  # HERE\n",
        "condition_forward", f"{Q}[1].show_if.question", "sections[0].questions[4]",
    ),
    "condition on itself": (
        WHY_NONE, "show_if: {question: why_none, answered: true}  # HERE",
        "condition_cycle", f"{Q}[6].show_if.question", "own answer",
    ),
    "unknown option in equals": (
        WHY_NONE, "show_if: {question: offer, equals: nothing}  # HERE",
        "unknown_option", f"{Q}[6].show_if.equals", "Use one of written, verbal, none",
    ),
    "unknown option inside in, nested": (
        WHY_NONE, "show_if:\n          not:\n            question: offer\n            in: [written, verbl]  # HERE",
        "unknown_option", f"{Q}[6].show_if.not.in[1]", "Did you mean 'verbal'",
    ),
    "unquoted yes as an option": (
        WHY_NONE, "show_if: {question: offer, not_equals: yes}  # HERE",
        "unknown_option", f"{Q}[6].show_if.not_equals", "quotes",
    ),
    "number compared with a yes_no question": (
        WHY_NONE, "show_if: {question: clean, equals: 1}  # HERE",
        "condition_value_type", f"{Q}[6].show_if.equals", "true or false",
    ),
    "text compared with a scale question": (
        WHY_NONE, "show_if: {any: [{question: clean, equals: false}, {question: friendly, lt: '3'}]}  # HERE",
        "wrong_type", f"{Q}[6].show_if.any[1].lt", "number",
    ),
    "ordering on a choice question": (
        WHY_NONE, "show_if: {question: offer, gte: 2}  # HERE",
        "condition_operator_type", f"{Q}[6].show_if.gte", "compares numbers",
    ),
    "equals on a photo question": (
        WHY_NONE, "show_if: {question: storefront, equals: true}  # HERE",
        "condition_operator_type", f"{Q}[6].show_if.equals", "only answered",
    ),
    "string compared with a duration question": (
        WHY_NONE, "show_if: {question: wait, in: [60, '90']}  # HERE",
        "condition_value_type", f"{Q}[6].show_if.in[1]", "a number",
    ),
    "no steps": (
        "steps:\n  - id: arrival\n    title: Arrival\n  - id: consultation\n    title: Consultation\n",
        "steps: []  # HERE\n", "empty_list", "steps", "at least one step",
    ),
    "empty section": (
        "sections:\n", "sections:\n  - {id: intro, title: Intro, questions: []}  # HERE\n",
        "empty_list", "sections[0].questions", "at least one question",
    ),
}


@pytest.mark.parametrize("name", PLANTS)
def test_planted_semantic_error_is_reported_at_its_line(name):
    old, new, code, path, words = PLANTS[name]
    text, line = plant(VALID_YAML, old, new)
    issues = validate_template(text, filename="demo.yaml")
    found = [(issue.code, issue.path, issue.line) for issue in issues]
    assert (code, path, line) in found, found
    assert words in next(issue.message for issue in issues if issue.path == path)


def test_a_template_without_questions_is_refused():
    text = VALID_YAML[: VALID_YAML.index("sections:")] + "sections: []\n"
    codes = [issue.code for issue in validate_template(text)]
    assert codes == ["no_questions"]


def test_every_semantic_problem_is_reported_at_once():
    text, first = plant(VALID_YAML, "weights: {entrance: 2, advisor: 1}", "weights: {desk: 2}  # HERE")
    text, second = plant(text, "      - id: wait", "      - id: clean  # HERE")
    text, third = plant(text, WHY_NONE, "show_if: {question: offer, equals: nothing}  # HERE")
    assert [(issue.line, issue.code) for issue in validate_template(text)] == [
        (first, "unknown_touchpoint"), (second, "duplicate_id"), (third, "unknown_option"),
    ]


def test_conditions_on_earlier_questions_of_every_kind_are_accepted():
    text, _ = plant(
        VALID_YAML, WHY_NONE,
        "show_if:  # HERE\n"
        "          all:\n"
        "            - {question: clean, equals: true}\n"
        "            - {question: friendly, gte: 3}\n"
        "            - {question: extras, in: [coffee]}\n"
        "            - {question: wait, lt: 600}\n"
        "            - {question: storefront, answered: true}\n"
        "            - not: {question: offer, not_in: [written, verbal]}",
    )
    assert validate_template(text) == []
