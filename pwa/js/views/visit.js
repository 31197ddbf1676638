// The visit: start and end times and, where the tester allows it, the device's position as proof of visit.

import { h, replace } from "../dom.js";
import { mutateDraft } from "../drafts.js";
import { formatDate, t } from "../i18n.js";

const POSITION_TIMEOUT_MS = 15_000;

/** Ask the device where it is: {latitude, longitude, accuracy_m}; rejects when refused or unavailable. */
export function currentPosition() {
  return new Promise((resolve, reject) => {
    if (!("geolocation" in navigator)) { reject(new Error(t("visit.no_geolocation"))); return; }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy_m: Math.round(p.coords.accuracy) }),
      (error) => reject(new Error(error.code === 1 ? t("visit.position_denied") : t("visit.position_unavailable"))),
      { enableHighAccuracy: true, timeout: POSITION_TIMEOUT_MS, maximumAge: 60_000 });
  });
}

export function visitPanel({ app, getDraft, update }) {
  const body = h("div", {});
  const element = h("section", { class: "card visit", "aria-labelledby": "visit-title" },
    h("h2", { id: "visit-title", class: "small-title" }, t("visit.title")), body);
  const time = (iso) => formatDate(iso, { timeStyle: "short", dateStyle: "short" });

  async function change(edit) {
    update(await mutateDraft(getDraft().evaluation_id, edit));
  }
  async function recordPosition() {
    app.announce(t("visit.locating"));
    try {
      const position = await currentPosition();
      await change((d) => { d.position = position; });
      app.announce(t("visit.position_saved", { accuracy: position.accuracy_m }));
    } catch (error) {
      app.announce(error.message, { visible: true });
    }
  }

  function refresh() {
    const draft = getDraft();
    const started = draft.visit_started_at;
    const ended = draft.visit_ended_at;
    const rows = [];
    if (!started) {
      rows.push(h("p", { class: "muted" }, t("visit.not_started")),
        h("button", { type: "button", class: "primary", onclick: async () => {
          await change((d) => { d.visit_started_at = new Date().toISOString(); });
          recordPosition();
        } }, t("visit.start")));
    } else {
      rows.push(h("p", {}, t("visit.started_at", { time: time(started) })));
      if (ended) {
        rows.push(h("p", {}, t("visit.ended_at", { time: time(ended) }),
          " ", h("button", { type: "button", class: "link", onclick: () => change((d) => { d.visit_ended_at = null; }) }, t("visit.resume"))));
      } else {
        rows.push(h("button", { type: "button", class: "secondary", onclick: () => change((d) => { d.visit_ended_at = new Date().toISOString(); }) }, t("visit.end")));
      }
    }
    rows.push(draft.position
      ? h("p", { class: "muted small" }, t("visit.position_recorded", { accuracy: draft.position.accuracy_m }))
      : h("p", { class: "muted small" }, t("visit.position_none"), " ",
        h("button", { type: "button", class: "link", onclick: recordPosition }, t("visit.record_position"))));
    replace(body, rows);
  }
  return { element, refresh };
}
