"""The shared skip-logic vectors, evaluated by pwa/js/conditions.js in the browser."""

from __future__ import annotations

import json

import pytest

from tests.pwa.conftest import ROOT

VECTOR_FILE = ROOT / "tests" / "vectors" / "skip_logic.json"
DATA = json.loads(VECTOR_FILE.read_text("utf-8"))
VECTORS = DATA["vectors"]

EVALUATE_ALL = """
async (vectors) => {
  const { visibleQuestionIds } = await import("/pwa/js/conditions.js");
  const results = {};
  for (const v of vectors) {
    // The vectors leave out steps, texts and scoring: wrap the questions in one section.
    const definition = { sections: [{ id: "s", questions: v.questions }] };
    try {
      results[v.name] = [...visibleQuestionIds(definition, v.persona, v.answers)];
    } catch (error) {
      results[v.name] = "error: " + error.message;
    }
  }
  return results;
}
"""


@pytest.fixture(scope="module")
def browser_results(browser, repo_server) -> dict:
    page = browser.new_page()
    page.goto(f"{repo_server}/tests/vectors/README.md")
    results = page.evaluate(EVALUATE_ALL, VECTORS)
    page.close()
    return results


def test_vector_format_is_known():
    assert DATA["format"] == 1


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector(vector, browser_results):
    assert sorted(browser_results[vector["name"]]) == sorted(vector["visible"])
