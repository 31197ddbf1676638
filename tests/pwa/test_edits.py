"""pwa/js/edits.js in the browser: edits are coalesced, journaled until stored, and never older than the draft."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

SETUP = """
async () => {
  const store = await import("/pwa/js/store.js");
  await store.clearAll();
  localStorage.clear();
  const draft = { evaluation_id: "e-1", assignment_id: 1, persona: "p", answers: {}, state: "draft",
                  visit_started_at: null, timers: {} };
  await store.put("drafts", draft);
  return draft;
}
"""


@pytest.fixture
def page(browser, repo_server):
    page = browser.new_page()
    page.goto(f"{repo_server}/tests/vectors/README.md")
    page.evaluate(SETUP)
    yield page
    page.close()


def test_a_burst_of_edits_is_at_most_two_writes_and_the_last_value_is_stored(page):
    result = page.evaluate("""async () => {
      const { editAnswer } = await import("/pwa/js/edits.js");
      const { get } = await import("/pwa/js/store.js");
      const draft = await get("drafts", "e-1");
      const put = IDBObjectStore.prototype.put;
      let puts = 0;
      IDBObjectStore.prototype.put = function (...args) { puts += 1; return put.apply(this, args); };
      const writes = new Set();
      let text = "";
      for (const char of "sechzig Zeichen") {
        text += char;
        writes.add(editAnswer(draft, "q1", { value: text }));
        // The view's draft has the edit before any storage was touched.
        if (draft.answers.q1.value !== text) return "view lagged";
      }
      const journaled = JSON.parse(localStorage.getItem("fieldcheck.edits.e-1")).q1.patch.value;
      await Promise.all(writes);
      const stored = await get("drafts", "e-1");
      IDBObjectStore.prototype.put = put;
      return { writes: writes.size, puts: puts <= 2, journaled, stored: stored.answers.q1.value,
               started: Boolean(stored.visit_started_at), left: localStorage.getItem("fieldcheck.edits.e-1") };
    }""")
    assert result == {"writes": 1, "puts": True, "journaled": "sechzig Zeichen", "stored": "sechzig Zeichen",
                      "started": True, "left": None}


def test_the_journal_is_replayed_but_never_over_a_newer_answer(page):
    result = page.evaluate("""async () => {
      const { editAnswer, recoverEdits } = await import("/pwa/js/edits.js");
      const { get } = await import("/pwa/js/store.js");
      const draft = await get("drafts", "e-1");
      await editAnswer(draft, "q1", { value: "neu" });
      const stamp = (await get("drafts", "e-1")).answer_stamps.q1;
      // What a page left behind when it was reloaded: one edit older than the draft's, one never stored.
      localStorage.setItem("fieldcheck.edits.e-1", JSON.stringify({
        q1: { patch: { value: "alt" }, stamp: stamp - 1 },
        q2: { patch: { comment: "getippt vor dem Neuladen" }, stamp: stamp + 1 },
      }));
      await recoverEdits();
      const stored = await get("drafts", "e-1");
      return { q1: stored.answers.q1.value, q2: stored.answers.q2.comment,
               left: localStorage.getItem("fieldcheck.edits.e-1") };
    }""")
    assert result == {"q1": "neu", "q2": "getippt vor dem Neuladen", "left": None}


def test_an_edit_after_the_clock_went_back_still_wins(page):
    result = page.evaluate("""async () => {
      const { editAnswer } = await import("/pwa/js/edits.js");
      const { get, put } = await import("/pwa/js/store.js");
      const draft = await get("drafts", "e-1");
      // Stored by a device whose clock was an hour ahead.
      draft.answer_stamps = { q1: Date.now() + 3_600_000 };
      draft.answers.q1 = { value: "vorher", na: false, comment: null, photos: [] };
      await put("drafts", draft);
      await editAnswer(draft, "q1", { value: "nachher" });
      return (await get("drafts", "e-1")).answers.q1.value;
    }""")
    assert result == "nachher"


def test_a_queued_draft_takes_no_edits(page):
    result = page.evaluate("""async () => {
      const { editAnswer, recoverEdits } = await import("/pwa/js/edits.js");
      const { get, put } = await import("/pwa/js/store.js");
      const draft = await get("drafts", "e-1");
      await put("drafts", { ...draft, state: "queued" });
      localStorage.setItem("fieldcheck.edits.e-1", JSON.stringify({ q1: { patch: { value: "zu spät" }, stamp: Date.now() } }));
      await recoverEdits();
      const stored = await get("drafts", "e-1");
      return { answers: stored.answers, left: localStorage.getItem("fieldcheck.edits.e-1") };
    }""")
    assert result == {"answers": {}, "left": None}


def test_a_photo_stored_meanwhile_keeps_its_place_in_the_answer(page):
    result = page.evaluate("""async () => {
      const { editAnswer } = await import("/pwa/js/edits.js");
      const { get, done, transaction } = await import("/pwa/js/store.js");
      const draft = await get("drafts", "e-1");
      const typing = editAnswer(draft, "q1", { comment: "Foto zeigt den Eingang" });
      // A photo lands in the same answer while the comment is being written (as photos.js does it).
      await transaction(["drafts"], "readwrite", async (s) => {
        const current = await done(s.drafts.get("e-1"));
        const answer = current.answers.q1 || { value: null, na: false, comment: null, photos: [] };
        current.answers.q1 = { ...answer, photos: [...answer.photos, "photo-1"] };
        await done(s.drafts.put(current));
      });
      await editAnswer(draft, "q1", { comment: "Foto zeigt den Eingang." });
      await typing;
      const stored = (await get("drafts", "e-1")).answers.q1;
      return { comment: stored.comment, photos: stored.photos };
    }""")
    assert result == {"comment": "Foto zeigt den Eingang.", "photos": ["photo-1"]}
