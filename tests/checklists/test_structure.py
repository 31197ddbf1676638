"""Shape errors (Pydantic's) become one friendly issue per path, at the right line."""

import pytest

from backend.checklists.loader import validate_template
from tests.checklists.factories import VALID_YAML, plant

# (old text, new text with the wrong line marked, code, path, words the message must contain)
PLANTS = {
    "unknown top-level key": (
        "kind: store_check\n", "kind: store_check\npass_treshold: 70  # HERE\n",
        "unknown_key", "pass_treshold", "did you mean 'pass_threshold'",
    ),
    "unknown key without a close match": (
        "    title: Arrival\n", "    title: Arrival\n    colour: red  # HERE\n",
        "unknown_key", "steps[0].colour", "use one of id, title, description",
    ),
    "misspelt required key reported once": (
        "text: Was the entrance clean?", "txt: Was the entrance clean?  # HERE",
        "unknown_key", "sections[0].questions[0].txt", "did you mean 'text'",
    ),
    "missing required key": (
        "  - id: visit\n    title: Visit\n", "  - id: visit  # HERE\n",
        "missing_key", "sections[0].title", "Add the required key 'title'",
    ),
    "unknown question type": (
        "type: yes_no", "type: yesno  # HERE", "invalid_choice", "sections[0].questions[0].type", "did you mean 'yes_no'",
    ),
    "unknown kind": (
        "kind: store_check", "kind: shop_check  # HERE", "invalid_choice", "kind", "store_check",
    ),
    "bad id": (
        "- id: clean", "- id: Clean Entrance  # HERE", "invalid_id", "sections[0].questions[0].id", "lower-case",
    ),
    "bad template key": ("key: demo-check", "key: Demo Check  # HERE", "invalid_template_key", "key", "template key"),
    "yes as an option value": (
        "{value: none, label: None}", "{value: no, label: None}  # HERE",
        "wrong_type", "sections[0].questions[2].options[2].value", "put the text in quotes",
    ),
    "text where a number belongs": (
        "        points: 2\n", "        points: two  # HERE\n",
        "wrong_type", "sections[0].questions[1].points", "Write a number here, not 'two'",
    ),
    "boolean where a number belongs": (
        "{value: written, label: Written, points: 2}", "{value: written, label: Written, points: true}  # HERE",
        "wrong_type", "sections[0].questions[2].options[0].points", "not true",
    ),
    "negative weight": (
        "weights: {entrance: 2, advisor: 1}", "weights: {entrance: -2, advisor: 1}  # HERE",
        "out_of_range", "personas[0].weights.entrance", "at least 0",
    ),
    "infinite points": (
        "{max: 60, points: 2}", "{max: 60, points: .inf}  # HERE",
        "wrong_type", "sections[0].questions[4].bands[0].points", "finite",
    ),
    "a scalar where a list belongs": (
        "personas: [business]", "personas: business  # HERE", "wrong_type", "sections[0].questions[3].personas", "list",
    ),
    "a list where a mapping belongs": (
        "photos: {min: 1, max: 3}", "photos: [1, 3]  # HERE", "wrong_type", "sections[0].questions[5].photos", "mapping",
    ),
    "a number where a text belongs": (
        "    title: Visit\n", "    title: 42  # HERE\n", "invalid_text", "sections[0].title", "language code",
    ),
    "a bad language code": (
        "title: Demo check", "title: {DE: Demo}  # HERE", "invalid_language", "title.DE", "two lower-case letters",
    ),
    "misspelt operator": (
        "show_if: {question: offer, equals: none}", "show_if: {question: offer, equal: none}  # HERE",
        "unknown_key", "sections[0].questions[6].show_if.equal", "did you mean 'equals'",
    ),
    "misspelt combinator": (
        "show_if: {question: offer, equals: none}", "show_if: {alll: [{question: offer, equals: none}]}  # HERE",
        "unknown_key", "sections[0].questions[6].show_if.alll", "did you mean 'all'",
    ),
    "two operators": (
        "show_if: {question: offer, equals: none}", "show_if: {question: offer, equals: none, in: [verbal]}  # HERE",
        "condition_operator", "sections[0].questions[6].show_if", "found: equals, in",
    ),
    "no operator, nested": (
        "show_if: {question: offer, equals: none}",
        "show_if:\n          any:\n            - {question: offer, equals: none}\n            - not: {question: clean}  # HERE",
        "condition_operator", "sections[0].questions[6].show_if.any[1].not", "exactly one operator",
    ),
    "null operand": (
        "show_if: {question: offer, equals: none}", "show_if: {question: offer, equals: null}  # HERE",
        "condition_value", "sections[0].questions[6].show_if", "a value",
    ),
    "a list compared with equals": (
        "show_if: {question: offer, equals: none}", "show_if: {question: offer, equals: [none]}  # HERE",
        "condition_constant", "sections[0].questions[6].show_if.equals", "single text",
    ),
    "a condition that is a sentence": (
        "show_if: {question: offer, equals: none}", "show_if: offer is none  # HERE",
        "invalid_condition", "sections[0].questions[6].show_if", "mapping",
    ),
    "empty all": (
        "show_if: {question: offer, equals: none}", "show_if: {all: []}  # HERE",
        "too_few_items", "sections[0].questions[6].show_if.all", "at least 1",
    ),
}


@pytest.mark.parametrize("name", PLANTS)
def test_planted_shape_error_is_reported_once_at_its_line(name):
    old, new, code, path, words = PLANTS[name]
    text, line = plant(VALID_YAML, old, new)
    issues = validate_template(text, filename="demo.yaml")
    assert [(issue.code, issue.path, issue.line) for issue in issues] == [(code, path, line)]
    assert words in issues[0].message


def test_several_shape_errors_are_all_reported():
    # Plant the line-adding error first, so later plants see final line numbers.
    text, third = plant(VALID_YAML, "    channel: offline\n  - id: advisor",
                        "    channel: offline\n    colour: red  # HERE\n  - id: advisor")
    text, second = plant(text, "type: scale", "type: scael  # HERE")
    text, first = plant(text, "kind: store_check", "kind: shop  # HERE")
    issues = validate_template(text)
    assert [(issue.line, issue.code) for issue in issues] == [
        (first, "invalid_choice"), (third, "unknown_key"), (second, "invalid_choice"),
    ]
