// A stopwatch for duration questions (time to answer, hold time, call length), with manual entry.
// A running stopwatch keeps its start in the draft, so a reload or a dead battery does not lose it.

import { h, uid } from "../dom.js";
import { t } from "../i18n.js";

/** Seconds as m:ss (or h:mm:ss). */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) return "";
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = String(total % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

/** "1:05", "65", "1:02:03" -> seconds; null for empty; NaN for nonsense. */
export function parseDuration(text) {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (!/^\d+(:\d{1,2}){0,2}$/.test(trimmed)) return NaN;
  return trimmed.split(":").map(Number).reduce((sum, part) => sum * 60 + part, 0);
}

export function stopwatch({ question, value, change, labelId, startedAt, onTimer }) {
  let running = startedAt;
  const hintId = uid("duration-hint");
  const input = h("input", {
    type: "text", inputmode: "numeric", autocomplete: "off", class: "duration",
    // The format hint is part of the name, not a description: axe-core counts a described input whose
    // label comes only from aria-labelledby as labelled by its title alone.
    "aria-labelledby": `${labelId} ${hintId}`, value: formatDuration(value),
    onchange: (e) => {
      const seconds = parseDuration(e.target.value);
      e.target.setAttribute("aria-invalid", Number.isNaN(seconds) ? "true" : "false");
      if (!Number.isNaN(seconds)) change(seconds);
    },
  });
  const toggle = h("button", { type: "button", class: "secondary stopwatch-toggle", onclick: () => (running ? stop() : start()) });
  const element = h("div", { class: "stopwatch" },
    h("div", { class: "stopwatch-row" }, input, toggle),
    h("p", { class: "muted small", id: hintId }, t("duration.hint")));

  function paint() {
    toggle.textContent = running ? t("duration.stop") : t("duration.start");
    toggle.setAttribute("aria-pressed", running ? "true" : "false");
    element.classList.toggle("running", Boolean(running));
    if (running) input.value = formatDuration((Date.now() - running) / 1000);
  }
  function start() {
    running = Date.now();
    onTimer(question.id, running);
    paint();
    tick();
  }
  function stop() {
    const seconds = Math.round((Date.now() - running) / 1000);
    running = null;
    onTimer(question.id, null);
    change(seconds);
    paint();
    input.value = formatDuration(seconds);
  }
  function tick() {
    const timer = setInterval(() => {
      // The view went away or the stopwatch stopped: no more ticks.
      if (!running || !element.isConnected) { clearInterval(timer); return; }
      paint();
    }, 250);
  }
  paint();
  if (running) tick();
  return element;
}
