// Answer edits: what the tester types, saved so cheaply that no keystroke is lost on a slow phone.
//
// An edit is applied to the view's draft at once and written synchronously to a journal in
// localStorage; IndexedDB gets it in the background, one write per draft at a time, each write
// carrying every edit made since the one before (the latest value wins). A reload can beat any
// IndexedDB write, even one started in `pagehide`, so the next start replays the journal first.
// Every edit carries a stamp that is stored with the answer: a write, a replay or a second tab can
// never put an older value over a newer one.

import { emptyAnswer } from "./form.js";
import { done, transaction } from "./store.js";

const JOURNAL = "fieldcheck.edits.";

/** Per draft: {edits: Map(questionId -> {patch, stamp}), writing: Promise | null, dirty}. */
const drafts = new Map();
let lastStamp = 0;

function stateOf(evaluationId) {
  if (!drafts.has(evaluationId)) drafts.set(evaluationId, { edits: new Map(), writing: null, dirty: false });
  return drafts.get(evaluationId);
}

/** Apply one edit to a draft (the view's copy or the stored one), in place. */
function applyEdit(draft, questionId, { patch, stamp }) {
  draft.answers[questionId] = { ...emptyAnswer(), ...draft.answers[questionId], ...patch };
  draft.answer_stamps = { ...draft.answer_stamps, [questionId]: stamp };
  // The first answer starts the visit when the tester did not press start.
  if (!draft.visit_started_at) draft.visit_started_at = new Date().toISOString();
}

/**
 * Apply the draft's pending edits that are newer than what it holds. Returns `seen` (every pending
 * edit looked at, for `settleEdits` once the draft is stored) and whether the draft `changed`.
 * A draft that left the "draft" state (queued or sent) takes no more edits: its payload is in the outbox.
 */
export function applyPendingEdits(draft) {
  const state = drafts.get(draft.evaluation_id);
  const seen = state ? [...state.edits] : [];
  let changed = false;
  if (draft.state !== "draft") return { seen, changed };
  for (const [questionId, edit] of seen) {
    if (edit.stamp <= ((draft.answer_stamps || {})[questionId] || 0)) continue;
    applyEdit(draft, questionId, edit);
    changed = true;
  }
  return { seen, changed };
}

/** The stored `draft` with the edits not yet in IndexedDB applied (what the tester sees). */
export function withPendingEdits(draft) {
  if (draft) applyPendingEdits(draft);
  return draft;
}

/** Forget edits that are now stored, unless the tester changed the answer again meanwhile. */
export function settleEdits(evaluationId, seen) {
  const state = drafts.get(evaluationId);
  if (!state || !seen.length) return;
  for (const [questionId, edit] of seen) {
    if (state.edits.get(questionId) === edit) state.edits.delete(questionId);
  }
  journal(evaluationId, state);
}

function journal(evaluationId, state) {
  try {
    if (state.edits.size) localStorage.setItem(JOURNAL + evaluationId, JSON.stringify(Object.fromEntries(state.edits)));
    else localStorage.removeItem(JOURNAL + evaluationId);
  } catch (error) {
    // Storage full or disabled: IndexedDB still gets the edit, only a reload in the next moment could lose it.
    console.warn("edit journal not written", error);
  }
}

/**
 * Record an edit of one answer: merged into `draft` (the view's copy) and journaled before this
 * returns, stored in IndexedDB soon after. Returns the promise of the write that stores it.
 */
export function editAnswer(draft, questionId, patch) {
  const state = stateOf(draft.evaluation_id);
  const known = (draft.answer_stamps || {})[questionId] || 0;
  // Newer than anything this tab made or the draft holds, even if the device's clock went back.
  lastStamp = Math.max(Date.now(), lastStamp + 1, known + 1);
  const previous = state.edits.get(questionId);
  const edit = { patch: { ...(previous && previous.patch), ...patch }, stamp: lastStamp };
  applyEdit(draft, questionId, edit);
  state.edits.set(questionId, edit);
  journal(draft.evaluation_id, state);
  return schedule(draft.evaluation_id);
}

/** Whether an edit of this answer is still only in the journal, not yet in IndexedDB. */
export function isEditPending(evaluationId, questionId) {
  const state = drafts.get(evaluationId);
  return Boolean(state && state.edits.has(questionId));
}

/** Store the pending edits of one draft in one read-modify-write transaction. */
async function writeEdits(evaluationId) {
  const { seen, gone } = await transaction(["drafts"], "readwrite", async (s) => {
    const draft = await done(s.drafts.get(evaluationId));
    if (!draft) return { seen: [...stateOf(evaluationId).edits], gone: true };
    const applied = applyPendingEdits(draft);
    if (applied.changed) {
      draft.updated_at = new Date().toISOString();
      await done(s.drafts.put(draft));
    }
    return { seen: applied.seen, gone: false };
  });
  // A deleted draft (sent and cleaned up, discarded, logged out) never takes its edits.
  settleEdits(evaluationId, seen);
  if (gone) throw new Error(`draft ${evaluationId} is gone`);
}

/** Write now if nothing is being written, else once more after the current write. */
function schedule(evaluationId) {
  const state = stateOf(evaluationId);
  state.dirty = true;
  if (!state.writing) {
    state.writing = (async () => {
      try {
        while (state.dirty) {
          state.dirty = false;
          await writeEdits(evaluationId);
        }
      } finally {
        state.writing = null;
      }
    })();
  }
  return state.writing;
}

/**
 * Start storing every pending edit now, next to any write in flight (the page is being hidden or
 * left). IndexedDB may not finish before the page is gone; the journal already holds the edits.
 */
export function flushEdits() {
  for (const [evaluationId, state] of drafts) {
    if (state.edits.size) writeEdits(evaluationId).catch(() => {});
  }
}

/** Replay the journal a previous page left (it was reloaded or closed before IndexedDB had everything). */
export async function recoverEdits() {
  let keys = [];
  try {
    keys = Object.keys(localStorage).filter((key) => key.startsWith(JOURNAL));
  } catch {
    return;
  }
  for (const key of keys) {
    const evaluationId = key.slice(JOURNAL.length);
    const state = stateOf(evaluationId);
    try {
      for (const [questionId, edit] of Object.entries(JSON.parse(localStorage.getItem(key)) || {})) {
        const held = state.edits.get(questionId);
        if (!held || held.stamp < edit.stamp) state.edits.set(questionId, edit);
      }
    } catch (error) {
      console.warn("unreadable edit journal dropped", key, error);
      localStorage.removeItem(key);
      continue;
    }
    try {
      await schedule(evaluationId);
    } catch (error) {
      // Still pending and journaled: the views show the edits and the next edit or start tries again.
      console.warn("journaled edits not stored yet", evaluationId, error);
    }
  }
}

/** Drop every pending edit and the journal (the device's data is being cleared). */
export function forgetEdits() {
  drafts.clear();
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(JOURNAL)) localStorage.removeItem(key);
  } catch { /* no storage, nothing kept */ }
}
