// One clear state per assignment card, from what the phone holds. Pure: no DOM, no storage, no clock.
//
// The first that holds wins: ended (withdrawn, reassigned, expired) > in the outbox (waiting or refused)
// > sent > returned for correction > overdue (the window is over) > in progress > upcoming > new.
// A returned assignment is never "new", and neither is one whose window ended.

import { dayIn } from "./proof.js";

/** Today (YYYY-MM-DD) on the location's calendar, or the device's when the bundle names no zone. */
export function todayAt(location, now = new Date()) {
  if (location && location.time_zone) {
    try {
      return dayIn(now.toISOString(), location.time_zone);
    } catch { /* an unknown zone: the device's calendar is the best guess */ }
  }
  return [now.getFullYear(), String(now.getMonth() + 1).padStart(2, "0"), String(now.getDate()).padStart(2, "0")].join("-");
}

/**
 * The card's state: {kind, started} where kind is one of ended, waiting, refused, sent, returned,
 * overdue, in_progress, upcoming, new; `started` says whether the tester has begun on the visit.
 * `draft` is the open draft or null, `outboxItem` this assignment's outbox item (any status) or null.
 */
export function assignmentState(assignment, { draft, outboxItem, today }) {
  const started = Boolean(draft && (Object.keys(draft.answers || {}).length || draft.visit_started_at));
  const returned = assignment.evaluation && assignment.evaluation.status === "returned" ? assignment.evaluation : null;
  const state = (kind) => ({ kind, started });
  if (assignment.ended) return state("ended");
  if (outboxItem && ["pending", "blocked"].includes(outboxItem.status)) return state("waiting");
  if (outboxItem && outboxItem.status === "set_aside") return state("refused");
  // A sent item older than the return is the revision the reviewer sent back, not the correction.
  const sentRevision = outboxItem && outboxItem.status === "sent" ? (outboxItem.server && outboxItem.server.revision) || 0 : null;
  if (sentRevision !== null && (!returned || sentRevision > returned.revision)) return state("sent");
  if (returned) return state("returned");
  if (assignment.window_end && today > assignment.window_end) return state("overdue");
  if (started) return state("in_progress");
  if (assignment.window_start && today < assignment.window_start) return state("upcoming");
  return state("new");
}
