// Proof-of-visit flags in the reader's words, made from the flag's stable code and params (never the
// server's English sentence), with distances in m or km and photos named by question and number.

import { currentLanguage, formatDate, localized, t } from "./i18n.js";

/** A distance as people say it: 850 m, 1,2 km, 504 km (backend/evaluations/proof.py format_distance). */
export function formatDistance(metres) {
  const language = currentLanguage();
  if (metres < 1000) return `${Math.round(metres)} m`;
  const km = metres / 1000;
  const digits = km < 10 ? 1 : 0;
  return `${new Intl.NumberFormat(language, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(km)} km`;
}

/** One flag as a sentence in the current language. */
export function flagText(flag) {
  const params = flag.params || {};
  const key = `flag.${flag.code}`;
  const text = t(key, {
    ...params,
    distance: params.distance_m !== undefined ? formatDistance(params.distance_m) : "",
    duration: params.minutes !== undefined ? `${Math.floor(params.minutes / 60)} h ${String(params.minutes % 60).padStart(2, "0")} min` : "",
    question: params.question ? localized(params.question) : params.question_id || "",
    day: params.day ? formatDate(params.day) : "",
    window_start: params.window_start ? formatDate(params.window_start) : "",
    window_end: params.window_end ? formatDate(params.window_end) : "",
  });
  return text === key ? flag.message : text;
}
