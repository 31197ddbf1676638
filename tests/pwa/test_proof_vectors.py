"""The shared proof-of-visit vectors, judged by pwa/js/proof.js in the browser (the warning before sending)."""

from __future__ import annotations

import json

import pytest

from tests.pwa.conftest import ROOT

DATA = json.loads((ROOT / "tests" / "vectors" / "proof_of_visit.json").read_text("utf-8"))
VECTORS = DATA["vectors"]

ASSESS_ALL = """
async (vectors) => {
  const { assessVisit } = await import("/pwa/js/proof.js");
  const results = {};
  for (const v of vectors) {
    try {
      results[v.name] = assessVisit(v.facts, { maxDistanceM: v.max_distance_m });
    } catch (error) {
      results[v.name] = "error: " + error.message;
    }
  }
  return results;
}
"""


@pytest.fixture(scope="module")
def browser_results(browser, repo_server) -> dict:
    # A German phone in Berlin: the location's calendar must come from the facts, never from the device.
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    page = context.new_page()
    page.goto(f"{repo_server}/tests/vectors/README.md")
    results = page.evaluate(ASSESS_ALL, VECTORS)
    context.close()
    return results


def test_vector_format_is_known():
    assert DATA["format"] == 1


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector(vector, browser_results):
    result = browser_results[vector["name"]]
    assert not isinstance(result, str), result
    expected = vector["expected"]
    assert result["flags"] == expected["flags"]
    assert (result["photos_in_visit"], result["photos_total"]) == (expected["photos_in_visit"], expected["photos_total"])
    if expected["distance_m"] is None:
        assert result["distance_m"] is None
    else:
        assert result["distance_m"] == pytest.approx(expected["distance_m"], abs=0.05)
