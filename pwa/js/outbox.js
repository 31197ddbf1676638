// The outbox: finished evaluations waiting for the server. Photos go first, then the evaluation.
// An item leaves only when the server confirmed it; a refusal a retry cannot fix is set aside, never dropped.
// DOM-free: the page and the service worker (Background Sync) drain it with the same code.

import { ApiError, NetworkError, putEvaluation, putPhoto } from "./api.js";
import { evaluationPayload, photoIds } from "./form.js";
import { all, done, get, getSession, transaction } from "./store.js";

const CHANNEL = "fieldcheck-outbox";
const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 10 * 60_000;
const SENT_KEPT_MS = 7 * 24 * 3600_000;
const RETRYABLE_STATUS = new Set([408, 425, 429]);
// A server that keeps asking for photos this device sent again is refusing, not waiting: set the item aside.
const MAX_PHOTO_RESENDS = 3;
export const FILE_FORMAT = "fieldcheck-outbox-item";

/** Item states: pending (will be sent), blocked (needs a login), set_aside (refused), sent (confirmed). */
export const PENDING = "pending";
export const BLOCKED = "blocked";
export const SET_ASIDE = "set_aside";
export const SENT = "sent";

function announce() {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage({ type: "outbox-changed" });
  channel.close();
}

/** Call `listener` whenever the outbox changes, in this or another tab or the service worker. */
export function onChange(listener) {
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = () => listener();
  return () => channel.close();
}

/** Delay before the next attempt after `attempts` failures: exponential, capped, with jitter. */
export function backoffDelay(attempts, random = Math.random) {
  const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(delay * (0.75 + random() * 0.5));
}

/** Put a finished draft into the outbox (and mark the draft as queued) in one transaction. */
export async function enqueue(draft, label) {
  const payload = evaluationPayload(draft);
  const item = {
    evaluation_id: draft.evaluation_id,
    assignment_id: draft.assignment_id,
    label,
    payload,
    photo_ids: photoIds(payload.answers),
    uploaded: [],
    status: PENDING,
    attempts: 0,
    next_attempt_at: 0,
    queued_at: new Date().toISOString(),
    error: null,
  };
  await transaction(["outbox", "drafts"], "readwrite", async (s) => {
    await done(s.outbox.put(item));
    await done(s.drafts.put({ ...draft, state: "queued" }));
  });
  announce();
  return item;
}

/** Every item, newest first; sent ones older than a week are forgotten on the way. */
export async function items(now = Date.now()) {
  const list = await all("outbox");
  const stale = list.filter((i) => i.status === SENT && now - Date.parse(i.sent_at) > SENT_KEPT_MS);
  if (stale.length) {
    await transaction(["outbox"], "readwrite", (s) =>
      Promise.all(stale.map((i) => done(s.outbox.delete(i.evaluation_id)))));
  }
  return list.filter((i) => !stale.includes(i)).sort((a, b) => (a.queued_at < b.queued_at ? 1 : -1));
}

/** The items still waiting to be sent (pending, blocked or set aside). */
export async function unsent() {
  return (await items()).filter((i) => i.status !== SENT);
}

async function update(evaluationId, change) {
  const result = await transaction(["outbox"], "readwrite", async (s) => {
    const item = await done(s.outbox.get(evaluationId));
    if (!item) return null;
    const next = { ...item, ...change(item) };
    await done(s.outbox.put(next));
    return next;
  });
  announce();
  return result;
}

/** Make every blocked or waiting item due now (the device came online, the tester logged in again). */
export async function wakeUp() {
  const list = await all("outbox");
  await transaction(["outbox"], "readwrite", (s) => Promise.all(
    list.filter((i) => i.status === PENDING || i.status === BLOCKED)
      .map((i) => done(s.outbox.put({ ...i, status: PENDING, next_attempt_at: 0 })))));
}

/** Put a set-aside item back in line for one more attempt (the tester asked to try again). */
export const retry = (evaluationId) =>
  update(evaluationId, () => ({ status: PENDING, next_attempt_at: 0, photo_resends: 0, error: null }));

/** Take a set-aside item out of the outbox so the tester can fix the draft and resend it. */
export async function reopen(evaluationId) {
  await transaction(["outbox", "drafts"], "readwrite", async (s) => {
    const item = await done(s.outbox.get(evaluationId));
    const draft = await done(s.drafts.get(evaluationId));
    await done(s.outbox.delete(evaluationId));
    if (draft) {
      await done(s.drafts.put({ ...draft, state: "draft", server_errors: (item && item.error) || null }));
    }
  });
  announce();
}

/** Delete an item with its draft and photos for good (only ever on the tester's explicit word). */
export async function discard(evaluationId) {
  await transaction(["outbox", "drafts", "photos"], "readwrite", async (s) => {
    const keys = await done(s.photos.index("evaluation_id").getAllKeys(evaluationId));
    await Promise.all(keys.map((key) => done(s.photos.delete(key))));
    await done(s.drafts.delete(evaluationId));
    await done(s.outbox.delete(evaluationId));
  });
  announce();
}

function describe(error) {
  if (error instanceof ApiError) {
    return {
      status: error.status,
      code: error.code,
      detail: error.problem.detail || error.message,
      errors: error.problem.errors || null,
    };
  }
  return { status: null, code: "network", detail: String((error && error.message) || error) };
}

function isRetryable(error) {
  if (error instanceof NetworkError) return true;
  return error instanceof ApiError && (error.status >= 500 || RETRYABLE_STATUS.has(error.status));
}

async function uploadPhotos(item) {
  const uploaded = new Set(item.uploaded);
  for (const photoId of item.photo_ids) {
    if (uploaded.has(photoId)) continue;
    const photo = await get("photos", photoId);
    // Not on the device: sent with an earlier revision. Should the server lack it, it says photos_missing.
    if (!photo) continue;
    // 201 first time, 200 when the server already has these bytes: both confirm the photo.
    await putPhoto({
      evaluationId: item.evaluation_id,
      photoId,
      assignmentId: item.assignment_id,
      questionId: photo.question_id,
      blob: photo.blob,
      takenAt: photo.taken_at,
    });
    uploaded.add(photoId);
    await update(item.evaluation_id, () => ({ uploaded: [...uploaded] }));
  }
}

/** Send one item: photos, then the evaluation. Returns the item as it is afterwards. */
async function sendItem(item, now) {
  try {
    await uploadPhotos(item);
    const current = await get("outbox", item.evaluation_id);
    const { body } = await putEvaluation(item.evaluation_id, current.payload);
    return confirm(current, body, now);
  } catch (error) {
    if (error instanceof ApiError && error.code === "photos_missing") {
      // The server lacks some photos (say, removed after the retention period): upload them again,
      // which only works for photos this device still holds.
      const missing = new Set(error.problem.missing_photo_ids || []);
      const held = await Promise.all([...missing].map((id) => get("photos", id)));
      if (missing.size > 0 && held.every(Boolean) && (item.photo_resends || 0) < MAX_PHOTO_RESENDS) {
        return update(item.evaluation_id, (i) => ({
          uploaded: i.uploaded.filter((id) => !missing.has(id)),
          photo_resends: (i.photo_resends || 0) + 1,
          attempts: i.attempts + 1,
          // Straight away the first times; a server that keeps asking gets the usual backoff.
          next_attempt_at: i.attempts < 2 ? now : now + backoffDelay(i.attempts + 1),
          error: describe(error),
        }));
      }
    }
    if (error instanceof ApiError && error.status === 401) {
      return update(item.evaluation_id, () => ({ status: BLOCKED, error: describe(error) }));
    }
    if (isRetryable(error)) {
      return update(item.evaluation_id, (i) => ({
        attempts: i.attempts + 1,
        next_attempt_at: now + backoffDelay(i.attempts + 1),
        error: describe(error),
      }));
    }
    return update(item.evaluation_id, (i) => ({
      status: SET_ASIDE,
      attempts: i.attempts + 1,
      error: describe(error),
    }));
  }
}

async function confirm(item, body, now) {
  const sent = {
    ...item,
    status: SENT,
    sent_at: new Date(now).toISOString(),
    server: { status: body.status, revision: body.revision },
    payload: null,
    error: null,
  };
  // The server holds everything now: the photos and the draft may go, the assignment is done.
  await transaction(["outbox", "drafts", "photos", "assignments"], "readwrite", async (s) => {
    const keys = await done(s.photos.index("evaluation_id").getAllKeys(item.evaluation_id));
    await Promise.all(keys.map((key) => done(s.photos.delete(key))));
    await done(s.drafts.delete(item.evaluation_id));
    await done(s.assignments.delete(item.assignment_id));
    await done(s.outbox.put(sent));
  });
  announce();
  return sent;
}

async function withLock(work) {
  // One drainer at a time across tabs and the service worker; the server's idempotency covers the rest.
  const locks = typeof navigator !== "undefined" && navigator.locks;
  if (!locks) return work();
  return locks.request("fieldcheck-outbox", { ifAvailable: true }, (lock) => (lock ? work() : null));
}

/**
 * Send every due item once. Returns {sent, waiting, setAside, blocked} or null when another drain runs.
 * `force` sends items whose backoff has not yet run out.
 */
export function drain({ force = false, now = () => Date.now() } = {}) {
  return withLock(async () => {
    let list = await all("outbox");
    // Later rounds pick up items re-queued at once (photos the server asked for again).
    for (let round = 0; round < 3; round += 1) {
      const due = list.filter((i) => i.status === PENDING && ((force && round === 0) || i.next_attempt_at <= now()));
      if (!due.length) break;
      for (const item of due) await sendItem(item, now());
      list = await all("outbox");
    }
    const count = (status) => list.filter((i) => i.status === status).length;
    return { sent: count(SENT), waiting: count(PENDING), setAside: count(SET_ASIDE), blocked: count(BLOCKED) };
  });
}

/** The state of one item (pending, blocked, set_aside, sent), or null when it is gone. */
export async function status(evaluationId) {
  const item = await get("outbox", evaluationId);
  return item ? item.status : null;
}

/** When the next pending item is due (epoch ms), or null. */
export async function nextDue() {
  const due = (await all("outbox")).filter((i) => i.status === PENDING).map((i) => i.next_attempt_at);
  return due.length ? Math.min(...due) : null;
}

async function base64(blob) {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = "";
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}

/**
 * An unsent item as a file the agency can import (POST /api/v1/evaluations/import): the submission and
 * the photos this device still holds, base64 in one JSON document, so any device can make and read it.
 */
export async function exportFile(evaluationId) {
  const item = await get("outbox", evaluationId);
  if (!item || !item.payload) throw new Error(`outbox item ${evaluationId} has nothing to save`);
  const session = await getSession();
  const photos = [];
  for (const photoId of item.photo_ids) {
    const photo = await get("photos", photoId);
    // Not on the device: sent with an earlier revision, so the server has it.
    if (!photo) continue;
    photos.push({ id: photo.id, question_id: photo.question_id, taken_at: photo.taken_at || null,
      content_type: photo.blob.type || "image/jpeg", data: await base64(photo.blob) });
  }
  const file = {
    format: FILE_FORMAT,
    version: 1,
    exported_at: new Date().toISOString(),
    evaluation_id: item.evaluation_id,
    tester_id: session && session.user ? session.user.id : null,
    label: item.label || null,
    refusal: item.error ? { status: item.error.status, code: item.error.code } : null,
    payload: item.payload,
    photos,
  };
  await update(evaluationId, () => ({ saved_at: new Date().toISOString() }));
  return {
    filename: `fieldcheck-${item.assignment_id}-${item.evaluation_id.slice(0, 8)}.json`,
    blob: new Blob([JSON.stringify(file)], { type: "application/json" }),
  };
}
