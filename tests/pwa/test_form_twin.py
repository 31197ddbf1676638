"""pwa/js/form.js finds the same unfinished questions as the server's submission check, on the shipped checklists."""

from __future__ import annotations

import random

import pytest

from backend.checklists.loader import load_template
from backend.checklists.template import AnswerIn, ChecklistDefinition, Question, photo_rule
from backend.evaluations.validation import submission_problems
from backend.scoring.engine import score_evaluation
from tests.pwa.conftest import ROOT

pytestmark = pytest.mark.e2e
CHECKLISTS = sorted((ROOT / "checklists").glob("*.yaml"))
CASES_PER_PERSONA = 25


def valid_value(question: Question, rng: random.Random):
    """A value of the right kind for the question, as the app's inputs produce it."""
    kind = question.type
    options = [o.value for o in question.options or []]
    if kind == "yes_no":
        return rng.choice([True, False])
    if kind == "single_choice":
        return rng.choice(options)
    if kind == "multi_choice":
        return rng.sample(options, rng.randint(1, len(options)))
    if kind == "scale":
        return rng.randint(int(question.min if question.min is not None else 1),
                           int(question.max if question.max is not None else 5))
    if kind in ("number", "duration"):
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else low + 600
        return rng.choice([low, high, round(rng.uniform(low, high))])
    if kind == "nps":
        return rng.randint(0, 10)
    if kind == "emotion":
        return rng.randint(1, 5)
    if kind == "text":
        return "Notiz"
    if kind == "date":
        return "2026-11-23"
    if kind == "time":
        return "10:30"
    return None


def diligent_answers(definition: ChecklistDefinition, rng: random.Random) -> dict[str, dict]:
    """Every question answered, commented and with its photos: nothing should be missing."""
    answers = {}
    for question in definition.questions():
        rule = photo_rule(question)
        photos = max(rule.min, 1 if question.type == "photo" else 0)
        answers[question.id] = {"value": valid_value(question, rng), "na": False, "comment": "Kommentar",
                                "photos": [f"00000000-0000-4000-8000-{rng.randrange(16**12):012x}"
                                           for _ in range(photos)]}
    return answers


def random_answers(definition: ChecklistDefinition, rng: random.Random) -> dict[str, dict]:
    """Some questions skipped, some N/A, some with only a comment, photos anywhere from none to the limit."""
    answers = {}
    for question in definition.questions():
        roll = rng.random()
        if roll < 0.15:
            continue
        answer: dict = {"value": None, "na": False, "comment": None, "photos": []}
        if question.na_allowed and roll < 0.25:
            answer["na"] = True
        elif roll < 0.3:
            answer["comment"] = "nur ein Kommentar"
        else:
            answer["value"] = valid_value(question, rng)
            if rng.random() < 0.4:
                answer["comment"] = "Kommentar"
        limit = photo_rule(question).max
        if limit and rng.random() < 0.7:
            answer["photos"] = [f"00000000-0000-4000-8000-{rng.randrange(16**12):012x}"
                                for _ in range(rng.randint(0, limit))]
        answers[question.id] = answer
    return answers


def cases() -> list[dict]:
    result = []
    for path in CHECKLISTS:
        definition = load_template(path.read_text("utf-8"))
        document = definition.model_dump(mode="json", by_alias=True, exclude_none=True)
        rng = random.Random(path.name)
        for persona in definition.personas:
            for n in range(CASES_PER_PERSONA):
                raw = (diligent_answers if n % 5 == 0 else random_answers)(definition, rng)
                answers = {qid: AnswerIn.model_validate(a) for qid, a in raw.items()}
                scores = score_evaluation(definition, persona=persona.id, answers=answers)
                problems = submission_problems(definition, persona=persona.id, answers=answers, scores=scores)
                result.append({"name": f"{path.stem}/{persona.id}/{n}", "definition": document,
                               "persona": persona.id, "answers": raw,
                               "server": sorted({p["question_id"] for p in problems})})
    return result


FIND_MISSING = """
async (cases) => {
  const { missingItems } = await import("/pwa/js/form.js");
  return Object.fromEntries(cases.map((c) => [c.name,
    missingItems(c.definition, c.persona, c.answers).map((m) => m.question.id).sort()]));
}
"""


def test_the_app_and_the_server_agree_on_what_is_missing(browser, repo_server):
    all_cases = cases()
    assert len(all_cases) >= 4 * 2 * CASES_PER_PERSONA
    page = browser.new_page()
    page.goto(f"{repo_server}/tests/vectors/README.md")
    found = page.evaluate(FIND_MISSING, all_cases)
    page.close()
    disagreements = {c["name"]: {"server": c["server"], "app": found[c["name"]]}
                     for c in all_cases if found[c["name"]] != c["server"]}
    assert disagreements == {}
    assert any(c["server"] for c in all_cases) and any(not c["server"] for c in all_cases)
