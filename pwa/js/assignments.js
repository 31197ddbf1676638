// The tester's assignments: fetched when online, kept in IndexedDB with their templates for offline use.
// One the agency withdrew, gave to another tester or that expired stays on the device, marked `ended`,
// so its card can say what happened until the tester puts it away.

import { endedAssignments, myAssignments } from "./api.js";
import { all, done, get, put, transaction } from "./store.js";

/** Fetch the open assignments and store them; learn why held ones are gone; keep ones with unsent work. */
export async function refreshAssignments() {
  const fresh = await myAssignments();
  const freshIds = new Set(fresh.map((a) => a.id));
  const held = (await all("assignments")).map((a) => a.id).filter((id) => !freshIds.has(id));
  const ended = new Map((await endedAssignments(held)).map((e) => [e.id, e]));
  await transaction(["assignments", "drafts", "outbox"], "readwrite", async (s) => {
    const [stored, drafts, outbox] = await Promise.all([
      done(s.assignments.getAll()), done(s.drafts.getAll()), done(s.outbox.getAll()),
    ]);
    const busy = new Set([
      ...drafts.map((d) => d.assignment_id),
      ...outbox.filter((i) => i.status !== "sent").map((i) => i.assignment_id),
    ]);
    for (const assignment of stored) {
      if (freshIds.has(assignment.id)) continue;
      const why = ended.get(assignment.id);
      if (why) await done(s.assignments.put({ ...assignment, ended: why }));
      else if (!busy.has(assignment.id)) await done(s.assignments.delete(assignment.id));
    }
    for (const assignment of fresh) await done(s.assignments.put(assignment));
  });
  await put("kv", new Date().toISOString(), "assignments_synced_at");
  return fresh;
}

/** Put an ended assignment away (the tester read the card and has no work on it). */
export const dismissAssignment = (id) => transaction(["assignments"], "readwrite", (s) => done(s.assignments.delete(id)));

export const storedAssignments = () => all("assignments");
export const storedAssignment = (id) => get("assignments", id);
export const lastSynced = () => get("kv", "assignments_synced_at");
