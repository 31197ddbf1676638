"""The annotated example in checklists/README.md is a valid template that uses every question type."""

import re
from pathlib import Path

from backend.checklists.loader import load_template
from backend.checklists.template import QuestionType

README = Path(__file__).parents[2] / "checklists" / "README.md"


def example() -> str:
    text = README.read_text("utf-8").split("## A complete example", 1)[1]
    return re.search(r"```yaml\n(.*?)```", text, re.S).group(1)


def test_readme_example_is_valid_and_complete():
    definition = load_template(example(), filename="README.md")
    assert {question.type for question in definition.questions()} == set(QuestionType.__args__)


def test_readme_documents_every_question_type():
    text = README.read_text("utf-8")
    for question_type in QuestionType.__args__:
        assert f"| `{question_type}` |" in text, question_type
