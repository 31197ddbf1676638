// The doubts the server will raise about this visit (pwa/js/proof.js), from what the phone holds,
// as sentences addressed to the tester. Shown before sending; never a reason not to send.

import { formatDistance } from "./flags.js";
import { formatDate, localized, t } from "./i18n.js";
import { DEFAULT_MAX_DISTANCE_M, MAX_VISIT_S, MIN_VISIT_S, assessVisit } from "./proof.js";
import { get } from "./store.js";

/** The facts as the server will see them once this draft is sent now (open times end at `now`). */
export async function visitFacts(assignment, draft, now = new Date()) {
  const { location } = assignment;
  const photos = [];
  for (const [questionId, answer] of Object.entries(draft.answers || {})) {
    const ids = (answer && answer.photos) || [];
    for (const [index, id] of ids.entries()) {
      // A photo only the server holds (a correction keeps them) is judged there by its own record.
      const photo = await get("photos", id);
      photos.push({ question_id: questionId, number: index + 1, taken_at: photo ? photo.taken_at : null });
    }
  }
  return {
    location_kind: location.kind,
    location_position: location.latitude != null && location.longitude != null ? [location.latitude, location.longitude] : null,
    device_position: draft.position ? [draft.position.latitude, draft.position.longitude] : null,
    visit_started_at: draft.visit_started_at || now.toISOString(),
    visit_ended_at: draft.visit_ended_at || now.toISOString(),
    photos,
    window: [assignment.window_start, assignment.window_end],
    zone: location.time_zone || Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}

/** The warnings for sending this draft now: [{code, text}], in the server's order. */
export async function visitWarnings(assignment, draft, now = new Date()) {
  const maxDistanceM = assignment.visit_max_distance_m ?? DEFAULT_MAX_DISTANCE_M;
  const proof = assessVisit(await visitFacts(assignment, draft, now), { maxDistanceM });
  const questions = new Map(assignment.checklist.definition.sections.flatMap((s) => s.questions.map((q) => [q.id, q])));
  return proof.flags.map(({ code, params }) => ({ code, text: t(`warning.${code}`, {
    duration: params.seconds !== undefined ? seconds(params.seconds) : params.minutes !== undefined ? seconds(params.minutes * 60) : "",
    min: MIN_VISIT_S / 60,
    max: MAX_VISIT_S / 3600,
    distance: params.distance_m !== undefined ? formatDistance(params.distance_m) : "",
    limit: formatDistance(maxDistanceM),
    day: params.day ? formatDate(params.day) : "",
    window_start: params.window_start ? formatDate(params.window_start) : "",
    window_end: params.window_end ? formatDate(params.window_end) : "",
    number: params.number,
    question: params.question_id && questions.has(params.question_id) ? localized(questions.get(params.question_id).text) : params.question_id || "",
  }) }));
}

/** A length of time as people say it: 45 s, 2 min 05 s, 4 h 01 min. */
function seconds(total) {
  if (total < 60) return `${total} s`;
  if (total < 3600) return `${Math.floor(total / 60)} min ${String(total % 60).padStart(2, "0")} s`;
  return `${Math.floor(total / 3600)} h ${String(Math.floor((total % 3600) / 60)).padStart(2, "0")} min`;
}
