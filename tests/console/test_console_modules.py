"""The console's pure modules, run in the browser they are written for: the version diff, CSV reading, key copying."""

from __future__ import annotations

import copy

import pytest

from tests.console.flows import DESKTOP
from tests.projects.factories import MINIMAL_DEFINITION

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def page(browser):
    from tests.pwa.conftest import ThreadedServer, shell_app

    with ThreadedServer(shell_app()) as server:
        context = browser.new_context(**DESKTOP)
        page = context.new_page()
        page.goto(server.url + "/manifest.webmanifest")
        yield page
        context.close()


def call(page, module: str, function: str, *args):
    return page.evaluate(
        "async ([module, name, args]) => (await import(module))[name](...args)",
        [f"/js/console/{module}.js", function, list(args)])


def definition(**changes) -> dict:
    document = copy.deepcopy(MINIMAL_DEFINITION)
    document["sections"][0]["questions"] += [
        {"id": "waited", "type": "yes_no", "text": "Waited?", "step": "arrival", "touchpoint": "entrance", "weight": 1},
        {"id": "smiled", "type": "yes_no", "text": "Smiled?", "step": "arrival", "touchpoint": "entrance", "weight": 1},
    ]
    document.update(changes)
    return document


def test_the_diff_finds_added_removed_changed_questions_and_moved_weights(page):
    before = definition()
    after = definition()
    questions = after["sections"][0]["questions"]
    questions[0]["text"] = "Were you greeted at once?"
    questions[1]["weight"] = 3
    del questions[2]
    questions.append({"id": "farewell", "type": "yes_no", "text": "Goodbye?", "step": "arrival",
                      "touchpoint": "entrance"})
    after["personas"][1]["weights"] = {"entrance": 2}
    diff = call(page, "diff", "diffTemplates", before, after)
    assert [(q["id"], q["status"], q["weightChanged"]) for q in diff["questions"]] == [
        ("greeted", "changed", False), ("waited", "changed", True), ("smiled", "removed", False),
        ("farewell", "added", False)]
    assert [(c["field"], c["before"], c["after"]) for c in diff["questions"][1]["changes"]] == [("weight", 1, 3)]
    assert diff["personaWeights"] == [{"persona": "business", "touchpoint": "entrance", "before": 1, "after": 2}]
    assert diff["summary"] == {"added": 1, "removed": 1, "changed": 1, "weights": 2}


def test_an_unchanged_version_differs_in_nothing_whatever_the_key_order(page):
    before = definition()
    after = {key: before[key] for key in reversed(list(before))}
    diff = call(page, "diff", "diffTemplates", before, after)
    assert {q["status"] for q in diff["questions"]} == {"unchanged"}
    assert diff["summary"] == {"added": 0, "removed": 0, "changed": 0, "weights": 0}
    assert diff["settings"] == [] and diff["personaWeights"] == []


def test_a_question_moved_to_another_section_is_changed_and_settings_are_compared(page):
    before = definition()
    after = definition(pass_threshold=70)
    moved = after["sections"][0]["questions"].pop()
    after["sections"].append({"id": "leaving", "title": "Leaving", "questions": [moved]})
    diff = call(page, "diff", "diffTemplates", before, after)
    smiled = next(q for q in diff["questions"] if q["id"] == "smiled")
    assert [c["field"] for c in smiled["changes"]] == ["section"]
    assert diff["settings"] == [{"field": "pass_threshold", "before": before.get("pass_threshold"), "after": 70}]


def test_csv_is_read_with_quotes_semicolons_and_blank_rows_counted(page):
    text = '\ufeffcode;name\r\n"A-1";"Shop ""Mitte""; Berlin"\r\n\r\nB-2;Line\nbreak\n'
    records = call(page, "csv", "parseCsv", text)
    assert records == [["code", "name"], ["A-1", 'Shop "Mitte"; Berlin'], [], ["B-2", "Line"], ["break"]]
    rows = call(page, "csv", "dataRows", records)
    assert [r["row"] for r in rows] == [2, 4, 5]
    assert call(page, "csv", "columnIndex", ["Kennung", " Name "], ["name", "bezeichnung"]) == 1


def test_a_copied_template_gets_its_new_key(page):
    yaml = "# Store check\nkey: store-check   # the id\nkind: store_check\nsteps:\n  - key: not-this\n"
    copied = call(page, "template-drafts", "withKey", yaml, "yaml", "store-check-berlin")
    assert copied == "# Store check\nkey: store-check-berlin   # the id\nkind: store_check\nsteps:\n  - key: not-this\n"
    assert call(page, "template-drafts", "withKey", '{"key": "a", "kind": "store_check"}', "json", "b") == (
        '{\n  "key": "b",\n  "kind": "store_check"\n}\n')
