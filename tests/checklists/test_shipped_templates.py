"""The templates shipped in checklists/: they load cleanly, planted errors are found at their lines, and they are
built as an agency instrument should be (counts, personas, emotion per step, NPS, knockouts, skip logic, de+en)."""

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from backend.checklists.loader import load_template, validate_template
from backend.checklists.template import AllOf, AnyOf, ChecklistDefinition, Comparison, Condition, NotOf
from backend.checklists.translations import localized_texts

TEMPLATES = sorted((Path(__file__).parents[2] / "checklists").glob("*.yaml"))
IDS = [path.name for path in TEMPLATES]


def test_the_four_kinds_ship():
    kinds = {load_template(path.read_bytes(), filename=path.name).kind for path in TEMPLATES}
    assert kinds == {"store_check", "service_check", "mystery_calling", "promotion_check"}


@pytest.mark.parametrize("path", TEMPLATES, ids=IDS)
def test_shipped_template_is_valid(path):
    assert validate_template(path.read_bytes(), filename=path.name) == []


class Planter:
    """Edits lines of a template in place (never adding or removing lines) and remembers what it broke."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.questions_start = self.lines.index("sections:")
        self.expected: set[tuple[str, int]] = set()

    def find(self, pattern: str, *, last: bool = False) -> int | None:
        hits = [index for index in range(self.questions_start, len(self.lines)) if re.search(pattern, self.lines[index])]
        return (hits[-1] if last else hits[0]) if hits else None

    def replace(self, index: int, pattern: str, new: str, code: str) -> None:
        changed = re.sub(pattern, new, self.lines[index], count=1)
        assert changed != self.lines[index]
        self.lines[index] = changed
        self.expected.add((code, index + 1))

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


@pytest.mark.parametrize("path", TEMPLATES, ids=IDS)
def test_planted_semantic_errors_are_found_at_their_lines(path):
    planter = Planter(path.read_text("utf-8"))
    planter.replace(planter.find(r"^\s+step: \w+\s*$"), r"step: \w+", "step: nowhere", "unknown_step")
    planter.replace(planter.find(r"^\s+touchpoint: \w+\s*$", last=True), r"touchpoint: \w+", "touchpoint: nowhere",
                    "unknown_touchpoint")
    condition = planter.find(r"question: \w+")
    if condition is not None:
        planter.replace(condition, r"question: \w+", "question: ghost_question", "unknown_question")
    first_id = re.search(r"- id: (\w+)", planter.lines[planter.find(r"^\s{6}- id: \w+")]).group(1)
    second = [index for index in range(planter.questions_start, len(planter.lines))
              if re.match(r"^\s{6}- id: \w+", planter.lines[index])][1]
    planter.replace(second, r"- id: \w+", f"- id: {first_id}", "duplicate_id")
    found = {(issue.code, issue.line) for issue in validate_template(planter.text, filename=path.name)}
    assert planter.expected <= found, planter.expected - found


@pytest.mark.parametrize("path", TEMPLATES, ids=IDS)
def test_planted_shape_errors_are_found_at_their_lines(path):
    planter = Planter(path.read_text("utf-8"))
    planter.questions_start = 0
    planter.replace(planter.find(r"^\s+channel: \w+"), r"channel: \w+", "channel: carrier_pigeon", "invalid_choice")
    planter.replace(planter.find(r"^\s+type: yes_no"), r"type: yes_no", "type: yes_nope", "invalid_choice")
    planter.replace(planter.find(r"^\s+text:"), r"text:", "txt:", "unknown_key")
    weight = planter.find(r"^\s+weight: \d")
    if weight is not None:
        planter.replace(weight, r"weight: [\d.]+", "weight: heavy", "wrong_type")
    found = {(issue.code, issue.line) for issue in validate_template(planter.text, filename=path.name)}
    assert found == planter.expected


SHIPPED = {
    "store_check.yaml": "store-check",
    "service_check.yaml": "service-check",
    "mystery_calling.yaml": "mystery-calling",
    "promotion_check.yaml": "promotion-check",
}
CHECKLISTS = Path(__file__).parents[2] / "checklists"


def definition(filename: str) -> ChecklistDefinition:
    """The template read with the plain Pydantic model, independent of the loader."""
    return ChecklistDefinition.model_validate(yaml.safe_load((CHECKLISTS / filename).read_text("utf-8")))


def conditions(condition: Condition) -> list[Condition]:
    """The condition and every condition nested in it."""
    if isinstance(condition, AllOf):
        nested = condition.all
    elif isinstance(condition, AnyOf):
        nested = condition.any
    elif isinstance(condition, NotOf):
        nested = [condition.not_]
    else:
        nested = []
    return [condition, *(part for child in nested for part in conditions(child))]


def test_exactly_the_four_templates_ship():
    assert sorted(path.name for path in TEMPLATES) == sorted(SHIPPED)


@pytest.mark.parametrize(("filename", "key"), SHIPPED.items())
def test_key_kind_and_languages_match_the_file(filename, key):
    checklist = definition(filename)
    assert checklist == load_template((CHECKLISTS / filename).read_bytes(), filename=filename)
    assert checklist.key == key
    assert checklist.kind == filename.removesuffix(".yaml")
    assert checklist.languages == ["de", "en"]
    assert "pass_threshold" in checklist.model_fields_set


@pytest.mark.parametrize("filename", SHIPPED)
def test_question_count_is_between_25_and_60(filename):
    assert 25 <= len(definition(filename).questions()) <= 60


@pytest.mark.parametrize("filename", SHIPPED)
def test_personas_are_described_and_weigh_touchpoints_differently(filename):
    checklist = definition(filename)
    touchpoints = [touchpoint.id for touchpoint in checklist.touchpoints]
    profiles = [tuple(persona.weights.get(t, 1) for t in touchpoints) for persona in checklist.personas]
    assert len(checklist.personas) >= 2
    assert len(set(profiles)) == len(profiles)
    assert all(persona.description for persona in checklist.personas)


@pytest.mark.parametrize("filename", SHIPPED)
def test_every_step_has_one_emotion_question(filename):
    checklist = definition(filename)
    per_step = Counter(question.step for question in checklist.questions() if question.type == "emotion")
    assert per_step == {step.id: 1 for step in checklist.steps}


@pytest.mark.parametrize("filename", SHIPPED)
def test_one_nps_question_and_one_to_three_knockouts(filename):
    questions = definition(filename).questions()
    assert [question.type for question in questions].count("nps") == 1
    assert 1 <= sum(question.knockout for question in questions) <= 3


@pytest.mark.parametrize("filename", SHIPPED)
def test_every_step_and_touchpoint_has_a_scored_question(filename):
    checklist = definition(filename)
    scored = [question for question in checklist.questions() if question.scored]
    assert {question.step for question in scored} == {step.id for step in checklist.steps}
    assert {question.touchpoint for question in scored} == {touchpoint.id for touchpoint in checklist.touchpoints}


@pytest.mark.parametrize("filename", SHIPPED)
def test_skip_logic_uses_a_combination_and_in(filename):
    found = [
        part
        for question in definition(filename).questions()
        if question.show_if is not None
        for part in conditions(question.show_if)
    ]
    assert any(isinstance(part, (AllOf, AnyOf, NotOf)) for part in found)
    assert any(isinstance(part, Comparison) and "in_" in part.model_fields_set for part in found)


@pytest.mark.parametrize("filename", SHIPPED)
def test_question_types_and_settings_cover_the_instrument(filename):
    questions = definition(filename).questions()
    types = {question.type for question in questions}
    assert {"yes_no", "single_choice", "multi_choice", "scale", "text", "photo", "nps", "emotion"} <= types
    assert types & {"number", "duration"}
    assert any(question.na_allowed for question in questions)
    assert any(question.personas for question in questions)
    assert any(question.comment == "required_on_fail" for question in questions)
    assert any(question.photos and question.photos.min > 0 for question in questions)


@pytest.mark.parametrize("filename", SHIPPED)
def test_every_text_is_in_german_and_english(filename):
    texts = list(localized_texts(definition(filename)))
    assert len(texts) > 100
    for path, text in texts:
        assert isinstance(text, dict) and set(text) == {"de", "en"}, path
        assert all(isinstance(value, str) and value.strip() for value in text.values()), path
