// Proof of visit on the phone: the doubts the server will raise when the evaluation arrives, so the
// tester hears them before sending. The rules are backend/evaluations/proof.py assess_visit, kept in
// step by the shared cases in tests/vectors/proof_of_visit.json. A doubt never blocks sending.

const EARTH_RADIUS_M = 6_371_000;
export const MIN_VISIT_S = 3 * 60;
export const MAX_VISIT_S = 4 * 60 * 60;
const PHOTO_SLACK_MS = 15 * 60 * 1000;
const ON_SITE_KINDS = ["store", "branch"];
/** The server's default (backend/config.py visit_max_distance_m), for a bundle that does not name its own. */
export const DEFAULT_MAX_DISTANCE_M = 500;

/** Great-circle distance in metres (haversine), as the server computes it. */
export function distanceM(lat1, lon1, lat2, lon2) {
  const rad = (degrees) => (degrees * Math.PI) / 180;
  const phi1 = rad(lat1);
  const phi2 = rad(lat2);
  const a = Math.sin((phi2 - phi1) / 2) ** 2 + Math.cos(phi1) * Math.cos(phi2) * Math.sin(rad(lon2 - lon1) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(a));
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function dayIn(iso, zone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-CA", {
    timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
  }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/**
 * Every doubt about a visit, from facts shaped like the server's VisitFacts: {location_kind,
 * location_position: [lat, lon] | null, device_position: [lat, lon] | null, visit_started_at,
 * visit_ended_at (ISO or null), photos: [{question_id, number, taken_at, latitude, longitude}],
 * window: [first, last] (YYYY-MM-DD) | null, zone: IANA name | null}.
 * Returns {distance_m, photos_in_visit, photos_total, flags: [{code, params}]}.
 */
export function assessVisit(facts, { maxDistanceM }) {
  const flags = [];
  const flag = (code, params = {}) => flags.push({ code, params });
  const start = facts.visit_started_at ? Date.parse(facts.visit_started_at) : null;
  const end = facts.visit_ended_at ? Date.parse(facts.visit_ended_at) : null;
  const windowKnown = start !== null && end !== null && end >= start;
  if (start === null || end === null) flag("visit_time_missing");
  else if (end < start) flag("visit_time_inverted");
  else {
    const seconds = (end - start) / 1000;
    if (ON_SITE_KINDS.includes(facts.location_kind) && seconds < MIN_VISIT_S) flag("visit_too_short", { seconds: Math.trunc(seconds) });
    if (seconds > MAX_VISIT_S) flag("visit_too_long", { minutes: Math.floor(seconds / 60) });
  }
  if (start !== null && facts.window && facts.zone) {
    const day = dayIn(facts.visit_started_at, facts.zone);
    const [first, last] = facts.window;
    if (day < first || day > last) flag("visit_outside_window", { day, window_start: first, window_end: last });
  }
  const located = facts.location_position || null;
  let distance = null;
  if (facts.device_position && located) distance = distanceM(...facts.device_position, ...located);
  const onSite = ON_SITE_KINDS.includes(facts.location_kind) && located !== null;
  if (onSite) {
    if (!facts.device_position) flag("position_missing");
    else if (distance > maxDistanceM) flag("far_from_location", { distance_m: Math.round(distance) });
  }
  let inside = 0;
  for (const photo of facts.photos || []) {
    const which = { question_id: photo.question_id, number: photo.number };
    if (onSite && photo.latitude != null && photo.longitude != null) {
      const away = distanceM(photo.latitude, photo.longitude, ...located);
      if (away > maxDistanceM) flag("photo_far_from_location", { ...which, distance_m: Math.round(away) });
    }
    if (!photo.taken_at || !windowKnown) continue;
    const taken = Date.parse(photo.taken_at);
    if (start - PHOTO_SLACK_MS <= taken && taken <= end + PHOTO_SLACK_MS) inside += 1;
    else flag("photo_outside_visit", which);
  }
  return { distance_m: distance, photos_in_visit: inside, photos_total: (facts.photos || []).length, flags };
}
