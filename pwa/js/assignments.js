// The tester's assignments: fetched when online, kept in IndexedDB with their templates for offline use.

import { myAssignments } from "./api.js";
import { all, done, get, put, transaction } from "./store.js";

/** Fetch the open assignments and store them; keeps local ones that still have unsent work. */
export async function refreshAssignments() {
  const fresh = await myAssignments();
  const freshIds = new Set(fresh.map((a) => a.id));
  await transaction(["assignments", "drafts", "outbox"], "readwrite", async (s) => {
    const [stored, drafts, outbox] = await Promise.all([
      done(s.assignments.getAll()), done(s.drafts.getAll()), done(s.outbox.getAll()),
    ]);
    const busy = new Set([
      ...drafts.filter((d) => d.state !== "sent").map((d) => d.assignment_id),
      ...outbox.filter((i) => i.status !== "sent").map((i) => i.assignment_id),
    ]);
    for (const assignment of stored) {
      if (!freshIds.has(assignment.id) && !busy.has(assignment.id)) await done(s.assignments.delete(assignment.id));
    }
    for (const assignment of fresh) await done(s.assignments.put(assignment));
  });
  await put("kv", new Date().toISOString(), "assignments_synced_at");
  return fresh;
}

export const storedAssignments = () => all("assignments");
export const storedAssignment = (id) => get("assignments", id);
export const lastSynced = () => get("kv", "assignments_synced_at");
