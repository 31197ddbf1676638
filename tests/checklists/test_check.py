"""`fieldcheck check FILE...`: exit codes and printable lines."""

import json

import yaml

from backend.checklists.check import EXIT_INVALID, EXIT_UNREADABLE, EXIT_VALID, check_files
from backend.checklists.source import MAX_BYTES
from tests.checklists.factories import VALID_YAML, plant


def test_valid_files_exit_zero(tmp_path):
    (tmp_path / "a.yaml").write_text(VALID_YAML, "utf-8")
    (tmp_path / "b.json").write_text(json.dumps(yaml.safe_load(VALID_YAML)), "utf-8")
    code, lines = check_files([tmp_path / "a.yaml", tmp_path / "b.json"])
    assert (code, lines) == (EXIT_VALID, ["2 file(s) checked, no problem(s)."])


def test_problems_print_file_line_path_message(tmp_path):
    text, line = plant(VALID_YAML, "step: consultation\n        touchpoint: advisor\n        min: 1",
                       "step: consult  # HERE\n        touchpoint: advisor\n        min: 1")
    broken = tmp_path / "broken.yml"
    broken.write_text(text, "utf-8")
    code, lines = check_files([broken])
    assert code == EXIT_INVALID
    assert lines == [
        f"{broken}:{line}: sections[0].questions[1].step: There is no step 'consult'; did you mean 'consultation'?",
        "1 file(s) checked, 1 problem(s).",
    ]


def test_a_whole_file_problem_has_no_path(tmp_path):
    listed = tmp_path / "list.yaml"
    listed.write_text("- a\n- b\n", "utf-8")
    code, lines = check_files([listed])
    assert code == EXIT_INVALID
    assert lines[0].startswith(f"{listed}:1: A template is a mapping")


def test_an_unreadable_file_exits_two_and_the_rest_is_still_checked(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(VALID_YAML, "utf-8")
    code, lines = check_files([tmp_path / "missing.yaml", good])
    assert code == EXIT_UNREADABLE
    assert lines[0].startswith(f"{tmp_path / 'missing.yaml'}: cannot read the file")
    assert len(lines) == 2


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path):
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"#" * (3 * MAX_BYTES))
    code, lines = check_files([huge])
    assert code == EXIT_INVALID
    assert "larger than" in lines[0]
