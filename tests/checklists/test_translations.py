"""Every text in every declared language: missing, empty and undeclared translations."""

import pytest

from backend.checklists.loader import load_template, validate_template
from backend.checklists.translations import localized_texts
from tests.checklists.factories import VALID_YAML, plant

BILINGUAL = """\
key: bilingual
kind: mystery_calling
title: {de: Testanruf, en: Test call}
languages: [de, en]
steps:
  - id: call
    title: {de: Anruf, en: Call}
    description: {de: Vom Klingeln bis zum Auflegen., en: From ringing to hanging up.}
touchpoints:
  - {id: hotline, title: {de: Hotline, en: Hotline}, channel: phone}
personas:
  - id: caller
    title: {de: Anrufer, en: Caller}
sections:
  - id: main
    title: {de: Gespräch, en: Conversation}
    questions:
      - id: greeting
        type: scale
        text: {de: "Wie freundlich war die Begrüßung?", en: "How friendly was the greeting?"}
        help: {de: 1 = unfreundlich, en: 1 = unfriendly}
        step: call
        touchpoint: hotline
        min: 1
        max: 5
        labels:
          min: {de: gar nicht, en: not at all}
          max: {de: sehr, en: very}
      - id: rings
        type: number
        text: {de: Klingelzeichen bis zur Annahme, en: Rings until answered}
        unit: {de: Mal, en: rings}
        step: call
        touchpoint: hotline
        bands:
          - {max: 3, points: 1}
      - id: solved
        type: single_choice
        text: {de: "Gelöst?", en: "Solved?"}
        step: call
        touchpoint: hotline
        options:
          - {value: fully, label: {de: ganz, en: fully}, points: 2}
          - {value: partly, label: {de: teilweise, en: partly}, points: 1}
"""
Q = "sections[0].questions"

PLANTS = {
    "missing language in a title": (
        "title: {de: Anruf, en: Call}", "title: {de: Anruf}  # HERE", "missing_translation", "steps[0].title", "en text",
    ),
    "plain text in a bilingual template": (
        "title: {de: Testanruf, en: Test call}", "title: Testanruf  # HERE",
        "missing_translation", "title", "every language of the template (de, en)",
    ),
    "missing language in an option label": (
        "label: {de: teilweise, en: partly}", "label: {en: partly}  # HERE",
        "missing_translation", f"{Q}[2].options[1].label", "de text",
    ),
    "missing language in a scale label": (
        "max: {de: sehr, en: very}", "max: {de: sehr}  # HERE", "missing_translation", f"{Q}[0].labels.max", "en",
    ),
    "missing language in help": (
        "help: {de: 1 = unfreundlich, en: 1 = unfriendly}", "help: {de: 1 = unfreundlich}  # HERE",
        "missing_translation", f"{Q}[0].help", "en",
    ),
    "missing language in a unit": (
        "unit: {de: Mal, en: rings}", "unit: {de: Mal}  # HERE", "missing_translation", f"{Q}[1].unit", "en",
    ),
    "undeclared language": (
        "title: {de: Anrufer, en: Caller}", "title: {de: Anrufer, en: Caller, fr: Appelant}  # HERE",
        "unknown_language", "personas[0].title.fr", "not in languages (de, en)",
    ),
    "empty translation": (
        "title: {de: Gespräch, en: Conversation}", "title: {de: Gespräch, en: ''}  # HERE",
        "empty_text", "sections[0].title.en", "empty",
    ),
}


def test_the_bilingual_template_is_valid():
    assert validate_template(BILINGUAL) == []


@pytest.mark.parametrize("name", PLANTS)
def test_planted_translation_error_is_reported_at_its_line(name):
    old, new, code, path, words = PLANTS[name]
    text, line = plant(BILINGUAL, old, new)
    issues = validate_template(text)
    assert [(issue.code, issue.path, issue.line) for issue in issues] == [(code, path, line)]
    assert words in issues[0].message


def test_plain_texts_are_fine_with_one_language():
    assert validate_template(VALID_YAML) == []


def test_an_empty_plain_text_is_refused():
    text, line = plant(VALID_YAML, "title: Demo check", "title: ' '  # HERE")
    assert [(issue.code, issue.line) for issue in validate_template(text)] == [("empty_text", line)]


def test_localized_texts_finds_every_text():
    paths = [path for path, _ in localized_texts(load_template(BILINGUAL))]
    assert ("steps", 0, "description") in paths
    assert ("sections", 0, "questions", 0, "labels", "min") in paths
    assert ("sections", 0, "questions", 2, "options", 1, "label") in paths
    assert len(paths) == 15
