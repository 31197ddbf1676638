"""Hostile and broken input: each gives issues with a line, never another exception."""

import pytest

from backend.checklists.issues import TemplateInvalid
from backend.checklists.loader import load_template, validate_template
from backend.checklists.source import MAX_ALIASES, MAX_BYTES, MAX_DEPTH
from tests.checklists.factories import VALID_YAML


def billion_laughs(levels: int = 9) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


BAD_INPUTS = {
    "not yaml": ("key: demo\nsteps: [a, b\n", "not_yaml", 3),
    "tab indentation": ("key: demo\n\tkind: x\n", "not_yaml", 2),
    "two documents": ("key: a\n---\nkey: b\n", "not_yaml", 2),
    "control character": ("key: demo\ntitle: a\x07b\n", "not_yaml", 2),
    "a list": ("- key: demo\n- kind: store_check\n", "not_a_mapping", 1),
    "a scalar": ("just some words\n", "not_a_mapping", 1),
    "empty": ("", "not_a_mapping", 1),
    "only a comment": ("# nothing here\n", "not_a_mapping", 1),
    "too large": ("key: demo\n" + "# padding\n" * (MAX_BYTES // 10 + 1), "too_large", 1),
    "deep nesting": ("key:\n" + "".join("  " * depth + "- \n" for depth in range(1, 60)), "too_deep", MAX_DEPTH + 1),
    "deep flow nesting": ("key: " + "[" * 5000 + "]" * 5000 + "\n", "too_deep", 1),
    "billion laughs": (billion_laughs(), "alias_expansion", 6),
    "too many aliases": ("a: &a x\nb: [" + ", ".join(["*a"] * (MAX_ALIASES + 1)) + "]\n", "too_many_aliases", 2),
    "recursive alias": ("key: demo\nloop: &loop [1, *loop]\n", "recursive_alias", 2),
    "duplicate key": ("key: demo\nkind: store_check\nkey: other\n", "duplicate_key", 3),
    "duplicate nested key": (VALID_YAML.replace("    title: Young\n", "    title: Young\n    title: Jung\n"),
                             "duplicate_key", 19),
    "python tag": ("key: !!python/object/apply:os.system [echo hi]\n", "unsupported_tag", 1),
    "custom tag": ("key: demo\ntitle: !shout hello\n", "unsupported_tag", 2),
    "merge key": ("base: &base {id: a}\nsteps:\n  - <<: *base\n    title: A\n", "merge_key", 3),
    "complex key": ("? [a, b]\n: value\n", "invalid_key", 1),
}


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_input_gives_an_issue_with_a_line(name):
    text, code, line = BAD_INPUTS[name]
    issues = validate_template(text, filename="bad.yaml")
    assert [(issue.code, issue.line) for issue in issues][:1] == [(code, line)]
    assert issues[0].message.endswith((".", "?"))
    with pytest.raises(TemplateInvalid) as raised:
        load_template(text, filename="bad.yaml")
    assert raised.value.issues == issues


def test_non_utf8_bytes_are_refused_at_their_line():
    [issue] = validate_template(b"key: demo\ntitle: caf\xe9\n")
    assert (issue.code, issue.line) == ("not_utf8", 2)


def test_lone_surrogates_in_text_are_refused():
    [issue] = validate_template("key: demo\ntitle: \udcff\n")
    assert (issue.code, issue.line) == ("not_utf8", 2)


def test_a_file_just_under_the_limit_is_read():
    text = VALID_YAML + "#" * (MAX_BYTES - len(VALID_YAML) - 1) + "\n"
    assert validate_template(text) == []


def test_aliases_within_budget_are_allowed():
    text = VALID_YAML.replace("    title: Arrival", "    title: &arrival Arrival").replace(
        "text: Was the entrance clean?", "text: *arrival"
    )
    assert load_template(text).questions()[0].text == "Arrival"


def test_yaml_booleans_in_keys_stay_names():
    text = VALID_YAML.replace("key: demo-check", "key: demo-check\nlanguages: [de]").replace(
        "title: Demo check", "title: {de: Demo, no: Demo}"
    )
    [issue] = validate_template(text)
    assert (issue.code, issue.path) == ("unknown_language", "title.no")


def test_a_yaml_date_stays_the_text_written():
    text = VALID_YAML.replace("title: Demo check", "title: 2026-01-31")
    assert load_template(text).title == "2026-01-31"


JSON_INPUTS = {
    "not json": ('{"key": "demo",\n "kind": }', "not_json", 2),
    "yaml is not json": ("key: demo\n", "not_json", 1),
    "a list": ('[1, 2]', "not_a_mapping", 1),
    "duplicate key": ('{"key": "a",\n "key": "b"}', "duplicate_key", 2),
    "deep nesting": ('{"key":\n' + "[" * 100 + "]" * 100 + "}", "too_deep", 2),
    "nan": ('{"key": NaN}', "not_json", None),
}


@pytest.mark.parametrize("name", JSON_INPUTS)
def test_bad_json_gives_an_issue(name):
    text, code, line = JSON_INPUTS[name]
    issues = validate_template(text, format="json")
    assert [(issue.code, issue.line) for issue in issues][:1] == [(code, line)]
