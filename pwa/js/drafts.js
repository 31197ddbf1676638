// Drafts: one per assignment being filled, saved on every change as a read-modify-write transaction,
// so a photo landing while the tester types can never overwrite (or be overwritten by) another change.
// Typed answers take the cheaper path of edits.js; every draft read here includes its pending edits.

import { applyPendingEdits, settleEdits, withPendingEdits } from "./edits.js";
import { allByIndex, done, transaction } from "./store.js";

/** The draft being filled for an assignment, or null. */
export async function openDraftFor(assignmentId) {
  const drafts = await allByIndex("drafts", "assignment_id", assignmentId);
  return withPendingEdits(drafts[0] || null);  // a sent draft is deleted, so there is at most one
}

/** The assignment's draft, created on first use (a returned evaluation starts from the server's answers). */
export async function draftFor(assignment) {
  const existing = await openDraftFor(assignment.id);
  if (existing) return existing;
  const returned = assignment.evaluation && assignment.evaluation.status === "returned" ? assignment.evaluation : null;
  const draft = {
    evaluation_id: returned ? returned.id : crypto.randomUUID(),
    assignment_id: assignment.id,
    persona: assignment.persona.id,
    answers: returned ? structuredClone(returned.answers || {}) : {},
    visit_started_at: returned ? returned.visit_started_at : null,
    visit_ended_at: returned ? returned.visit_ended_at : null,
    position: returned ? returned.position : null,
    timers: {},
    state: "draft",
    returned: returned ? { revision: returned.revision, comment: returned.review_comment } : null,
    created_at: new Date().toISOString(),
  };
  await transaction(["drafts"], "readwrite", (s) => done(s.drafts.add(draft)));
  return draft;
}

/**
 * Apply `change(draft)` (which edits in place) to the stored draft, together with the answer edits
 * not yet stored, and return the stored result.
 */
export async function mutateDraft(evaluationId, change) {
  let seen = [];
  const draft = await transaction(["drafts"], "readwrite", async (s) => {
    const stored = await done(s.drafts.get(evaluationId));
    if (!stored) throw new Error(`draft ${evaluationId} is gone`);
    seen = applyPendingEdits(stored).seen;
    change(stored);
    stored.updated_at = new Date().toISOString();
    await done(s.drafts.put(stored));
    return stored;
  });
  settleEdits(evaluationId, seen);
  return draft;
}

/** Drafts with anything in them that is not yet in the outbox. */
export async function unsavedDrafts() {
  const drafts = await transaction(["drafts"], "readonly", (s) => done(s.drafts.getAll()));
  return drafts.filter((d) => d.state === "draft" && Object.keys(d.answers).length > 0);
}
