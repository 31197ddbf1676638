// The tester's assignments: where to go, as which persona, when, with which checklist, and how far along.

import { NetworkError } from "../api.js";
import { dismissAssignment, lastSynced, refreshAssignments, storedAssignments } from "../assignments.js";
import { h, replace } from "../dom.js";
import { assignmentState, todayAt } from "../assignment_state.js";
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
    const [assignments, items] = await Promise.all([storedAssignments(), outbox.items()]);
    // Sent items first, so that an item still to be sent (later in the list) is the one a card shows.
    const outboxItems = new Map([...items].sort((a, b) => (b.status === "sent") - (a.status === "sent"))
      .map((i) => [i.assignment_id, i]));
    assignments.sort((a, b) => (a.window_end || "").localeCompare(b.window_end || "") || a.id - b.id);
    const cards = await Promise.all(assignments.map(async (a) =>
      card(a, await openDraftFor(a.id), outboxItems.get(a.id) || null, show)));
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

function card(assignment, draft, outboxItem, show) {
  const location = assignment.location;
  const ended = assignment.ended || null;
  const today = todayAt(location);
  const state = assignmentState(assignment, { draft, outboxItem, today });
  const returned = state.kind === "returned";
  const address = [location.street, [location.postal_code, location.city].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  const work = Boolean(draft || (outboxItem && outboxItem.status !== "sent"));
  // Nothing to open on an ended assignment without work: the tester must not start a visit there.
  const title = ended && !work ? location.name : h("a", { href: `#/a/${assignment.id}`, class: "stretched" }, location.name);
  const progress = draft && state.started && ["in_progress", "returned", "overdue"].includes(state.kind) ? progressOf(assignment, draft) : null;
  return h("li", { class: `card assignment state-${state.kind}`, id: `assignment-${assignment.id}`, dataset: { assignment: assignment.id, state: state.kind } },
    h("div", { class: "card-head" }, h("h2", {}, title), stateTag(state, assignment)),
    ended ? endedNotice(assignment, ended, work, show) : null,
    state.kind === "overdue" ? overdueNotice(assignment, today, state.started) : null,
    returned ? h("p", { class: "returned" }, h("strong", {}, t("assignments.returned")), " ",
      assignment.evaluation.review_comment || "") : null,
    h("dl", { class: "facts" },
      h("dt", {}, t("assignments.persona")), h("dd", {}, localized(assignment.persona.title)),
      h("dt", {}, t("assignments.window")), h("dd", {}, windowText(assignment)),
      progress ? [h("dt", {}, t("assignments.progress_label")), h("dd", {}, t("assignments.progress", progress))] : null,
      h("dt", {}, t("assignments.instrument")), h("dd", {}, localized(assignment.checklist.title),
        " · ", t(`kind.${assignment.checklist.kind}`)),
      address ? [h("dt", {}, t("assignments.address")), h("dd", {}, address)] : null,
      location.phone ? [h("dt", {}, t("assignments.phone")), h("dd", {}, location.phone)] : null,
      location.url ? [h("dt", {}, t("assignments.url")), h("dd", {}, location.url)] : null),
    assignment.persona.description
      ? h("p", { class: "muted small persona-description" }, localized(assignment.persona.description)) : null);
}

/** The one tag a card carries. */
function stateTag(state, assignment) {
  if (state.kind === "ended") return h("span", { class: "tag ended" }, t(`ended.${assignment.ended.reason}.tag`));
  // tag-<kind>: the card's own classes (returned, ended) already style other parts of it.
  const text = state.kind === "upcoming"
    ? t("assignments.state.upcoming", { date: formatDate(assignment.window_start) })
    : t(`assignments.state.${state.kind}`);
  return h("span", { class: `tag tag-${state.kind}` }, text);
}

function progressOf(assignment, draft) {
  const sections = formState(assignment.checklist.definition, draft.persona, draft.answers).sections;
  return {
    complete: sections.reduce((sum, s) => sum + s.complete, 0),
    total: sections.reduce((sum, s) => sum + s.total, 0),
  };
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

/** The window is over: until when a visit made in it can still be sent, and what a visit now would mean. */
function overdueNotice(assignment, today, started) {
  const until = formatDate(assignment.submit_until);
  const canSend = assignment.submit_until && today <= assignment.submit_until;
  return h("p", { class: "overdue-notice" }, canSend
    ? t(started ? "assignments.overdue_started" : "assignments.overdue_new", { end: formatDate(assignment.window_end), until })
    : t("assignments.overdue_closed", { end: formatDate(assignment.window_end) }));
}
