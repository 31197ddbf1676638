// The tester's assignments: where to go, as which persona, when, with which checklist, and how far along.

import { NetworkError } from "../api.js";
import { dismissAssignment, lastSynced, refreshAssignments, storedAssignments } from "../assignments.js";
import { h, replace } from "../dom.js";
import { openDraftFor } from "../drafts.js";
import { formState } from "../form.js";
import { formatDate, localized, t } from "../i18n.js";
import * as outbox from "../outbox.js";

export async function render(main, app) {
  const list = h("ul", { class: "cards", "aria-label": t("assignments.title") });
  const synced = h("p", { class: "muted small" });
  const refresh = h("button", { type: "button", class: "secondary", onclick: () => load(true) }, t("assignments.refresh"));
  replace(main, h("div", { class: "page-head" }, h("h1", {}, t("assignments.title")), refresh), synced, list);

  async function show() {
    const [assignments, waiting] = await Promise.all([storedAssignments(), outbox.unsent()]);
    const queued = new Set(waiting.map((i) => i.assignment_id));
    assignments.sort((a, b) => (a.window_end || "").localeCompare(b.window_end || "") || a.id - b.id);
    const cards = await Promise.all(assignments.map(async (a) => card(a, await openDraftFor(a.id), queued.has(a.id), show)));
    replace(list, cards.length ? cards : h("li", { class: "card empty" }, t("assignments.none")));
    const at = await lastSynced();
    synced.textContent = at ? t("assignments.synced", { when: formatDate(at, { dateStyle: "short", timeStyle: "short" }) }) : "";
  }

  async function load(byHand) {
    await show();
    if (!navigator.onLine) return;
    refresh.disabled = true;
    try {
      await refreshAssignments();
      await show();
      if (byHand) app.announce(t("assignments.updated"));
    } catch (error) {
      if (byHand) app.announce(error instanceof NetworkError ? t("status.offline_short") : error.message, { visible: true });
    } finally {
      refresh.disabled = false;
    }
  }

  await load(false);
  return outbox.onChange(show);
}

function card(assignment, draft, queued, show) {
  const definition = assignment.checklist.definition;
  const location = assignment.location;
  const ended = assignment.ended || null;
  let status = h("span", { class: "tag" }, t("assignments.new"));
  if (ended) status = h("span", { class: "tag ended" }, t(`ended.${ended.reason}.tag`));
  else if (queued) status = h("span", { class: "tag waiting" }, t("assignments.waiting"));
  else if (draft) {
    const state = formState(definition, draft.persona, draft.answers);
    const total = state.sections.reduce((sum, s) => sum + s.total, 0);
    const complete = state.sections.reduce((sum, s) => sum + s.complete, 0);
    status = h("span", { class: "tag progress" }, t("assignments.progress", { complete, total }));
  }
  const returned = assignment.evaluation && assignment.evaluation.status === "returned";
  const address = [location.street, [location.postal_code, location.city].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  const work = Boolean(draft || queued);
  // Nothing to open on an ended assignment without work: the tester must not start a visit there.
  const title = ended && !work ? location.name : h("a", { href: `#/a/${assignment.id}`, class: "stretched" }, location.name);
  return h("li", { class: `card assignment${ended ? " ended" : ""}`, dataset: { assignment: assignment.id } },
    h("div", { class: "card-head" }, h("h2", {}, title), status),
    ended ? endedNotice(assignment, ended, work, show) : graceNotice(assignment),
    returned ? h("p", { class: "returned" }, h("strong", {}, t("assignments.returned")), " ",
      assignment.evaluation.review_comment || "") : null,
    h("dl", { class: "facts" },
      h("dt", {}, t("assignments.persona")), h("dd", {}, localized(assignment.persona.title)),
      h("dt", {}, t("assignments.window")), h("dd", {}, windowText(assignment)),
      h("dt", {}, t("assignments.instrument")), h("dd", {}, localized(assignment.checklist.title),
        " · ", t(`kind.${assignment.checklist.kind}`)),
      address ? [h("dt", {}, t("assignments.address")), h("dd", {}, address)] : null,
      location.phone ? [h("dt", {}, t("assignments.phone")), h("dd", {}, location.phone)] : null,
      location.url ? [h("dt", {}, t("assignments.url")), h("dd", {}, location.url)] : null),
    assignment.persona.description
      ? h("p", { class: "muted small persona-description" }, localized(assignment.persona.description)) : null);
}

function windowText(assignment) {
  const start = formatDate(assignment.window_start);
  const end = formatDate(assignment.window_end);
  return start === end ? start : `${start} – ${end}`;
}

/** What happened to an assignment that ended under the tester, and what to do now. */
function endedNotice(assignment, ended, work, show) {
  const params = {
    when: ended.at ? formatDate(ended.at, { dateStyle: "short", timeStyle: "short" }) : "",
    end: formatDate(ended.window_end),
    until: formatDate(ended.submit_until),
  };
  return h("div", { class: "ended-notice", role: "status" },
    h("p", {}, h("strong", {}, t(`ended.${ended.reason}.what`, params))),
    h("p", {}, work ? t("ended.todo_work") : t("ended.todo_nothing")),
    work ? null : h("button", { type: "button", class: "secondary dismiss", onclick: async () => {
      await dismissAssignment(assignment.id);
      show();
    } }, t("ended.dismiss")));
}

/** After the window, before the grace period is over: a visit done in time may still be sent. */
function graceNotice(assignment) {
  const now = new Date();
  const today = [now.getFullYear(), String(now.getMonth() + 1).padStart(2, "0"), String(now.getDate()).padStart(2, "0")].join("-");
  if (!assignment.submit_until || today <= assignment.window_end) return null;
  return h("p", { class: "grace-notice" }, t("assignments.grace", { until: formatDate(assignment.submit_until) }));
}
