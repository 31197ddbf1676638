"""Loading templates: the happy path in YAML and JSON, and the contract of load/validate."""

import json

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from backend.checklists.issues import TemplateInvalid
from backend.checklists.loader import load_template, validate_template
from backend.checklists.template import ChecklistDefinition
from tests.checklists.factories import VALID_YAML, plant


def test_a_valid_template_loads():
    definition = load_template(VALID_YAML)
    assert isinstance(definition, ChecklistDefinition)
    assert [question.id for question in definition.questions()][:3] == ["clean", "friendly", "offer"]
    assert definition.questions()[-1].show_if.equals == "none"
    assert validate_template(VALID_YAML) == []


def test_bytes_and_text_load_alike():
    assert load_template(VALID_YAML.encode("utf-8")) == load_template(VALID_YAML)


def test_a_byte_order_mark_is_accepted():
    assert load_template(b"\xef\xbb\xbf" + VALID_YAML.encode("utf-8")).key == "demo-check"


def test_json_loads_like_yaml():
    as_json = json.dumps(yaml.safe_load(VALID_YAML), indent=2)
    assert load_template(as_json, format="json") == load_template(VALID_YAML)


@pytest.mark.parametrize("indent", [2, "\t"])
def test_json_issues_carry_lines(indent):
    data = yaml.safe_load(VALID_YAML)
    data["sections"][0]["questions"][1]["step"] = "nowhere"
    text = json.dumps(data, indent=indent)
    line = next(number for number, row in enumerate(text.splitlines(), 1) if '"nowhere"' in row)
    [issue] = validate_template(text, filename="t.json", format="json")
    assert (issue.file, issue.line, issue.path, issue.code) == ("t.json", line, "sections[0].questions[1].step", "unknown_step")


def test_load_raises_with_every_issue_in_line_order():
    text, _ = plant(VALID_YAML, "        step: arrival\n        touchpoint: entrance\n        knockout: true",
                    "        step: arival  # HERE\n        touchpoint: entrance\n        knockout: true")
    text = text.replace("min: 1\n        max: 5", "min: 5\n        max: 5")
    with pytest.raises(TemplateInvalid) as raised:
        load_template(text, filename="demo.yaml")
    issues = raised.value.issues
    assert [issue.code for issue in issues] == ["unknown_step", "range_order"]
    assert [issue.line for issue in issues] == sorted(issue.line for issue in issues)
    assert all(issue.file == "demo.yaml" for issue in issues)
    assert "arival" in str(raised.value)


def test_issue_prints_as_file_line_path_message():
    text, line = plant(VALID_YAML, "channel: offline\n  - id: advisor", "channel: offlne  # HERE\n  - id: advisor")
    [issue] = validate_template(text, filename="demo.yaml")
    assert str(issue) == (
        f"demo.yaml:{line}: touchpoints[0].channel: 'offlne' is not allowed here; did you mean 'offline'? "
        "Use one of online, offline, phone."
    )


def test_an_unknown_format_is_a_programming_error():
    with pytest.raises(ValueError):
        validate_template(VALID_YAML, format="toml")


FRAGMENTS = ["yes", "no", "null", "[]", "{}", "- ", ": ", "&a ", "*a", "-3", ".inf", "'", "?", "!!str ", "|", "\t",
             "show_if: {question: clean, equals: true}", "all: []", "type: photo", "bands: [{points: 1}]", "id"]
EDITS = st.lists(st.tuples(st.sampled_from(["delete", "copy", "insert"]), st.integers(0, 200), st.integers(0, 60),
                           st.sampled_from(FRAGMENTS)), min_size=1, max_size=4)


@settings(max_examples=150, deadline=None)
@given(EDITS)
def test_a_damaged_template_gives_located_issues_never_a_crash(edits):
    lines = VALID_YAML.splitlines()
    for operation, row, column, fragment in edits:
        row %= len(lines)
        if operation == "delete" and len(lines) > 1:
            del lines[row]
        elif operation == "copy":
            lines.insert(row, lines[column % len(lines)])
        else:
            lines[row] = lines[row][:column] + fragment + lines[row][column:]
    for issue in validate_template("\n".join(lines)):
        assert issue.line is not None and issue.message and issue.code
