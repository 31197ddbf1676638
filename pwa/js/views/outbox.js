// What is waiting to be sent, what the server refused (and why), and what arrived.

import { storedAssignments } from "../assignments.js";
import { h, replace, saveBlob } from "../dom.js";
import { formatDate, localized, t } from "../i18n.js";
import * as outbox from "../outbox.js";

export async function render(main, app) {
  const list = h("ul", { class: "cards", "aria-label": t("outbox.title") });
  const sendNow = h("button", { type: "button", class: "primary", onclick: async () => {
    sendNow.disabled = true;
    await outbox.wakeUp();
    const result = await app.sendOutbox({ force: true });
    sendNow.disabled = false;
    if (result) app.announce(t("outbox.result", { waiting: result.waiting, set_aside: result.setAside }));
  } }, t("outbox.send_now"));
  replace(main, h("div", { class: "page-head" }, h("h1", {}, t("outbox.title")), sendNow),
    h("p", { class: "muted small" }, t("outbox.explain")), list);

  async function show() {
    const [items, assignments] = await Promise.all([outbox.items(), storedAssignments()]);
    const byId = new Map(assignments.map((a) => [a.id, a]));
    sendNow.hidden = !items.some((i) => i.status === outbox.PENDING || i.status === outbox.BLOCKED);
    replace(list, items.length ? items.map((item) => row(item, app, show, byId.get(item.assignment_id)))
      : h("li", { class: "card empty" }, t("outbox.empty")));
  }
  await show();
  return outbox.onChange(show);
}

function row(item, app, show, assignment) {
  const label = item.label || {};
  const when = (iso) => formatDate(iso, { dateStyle: "short", timeStyle: "short" });
  const photos = item.photo_ids.length
    ? t("outbox.photos", { sent: item.status === outbox.SENT ? item.photo_ids.length : item.uploaded.length, total: item.photo_ids.length })
    : null;
  let state;
  let actions = [];
  if (item.status === outbox.SENT) {
    state = h("p", { class: "state sent" }, "✓ ", t("outbox.sent", { when: when(item.sent_at) }));
  } else if (item.status === outbox.SET_ASIDE) {
    const questions = questionTitles(item.error, assignment);
    state = h("div", { class: "state refused", role: "alert" },
      h("p", {}, h("strong", {}, t("outbox.refused")), " ", item.error ? refusalText(item.error) : ""),
      questions.length ? h("p", {}, t("outbox.refused_questions"), " ", questions.join(", ")) : null,
      h("p", { class: "small" }, t("outbox.save_hint")),
      item.saved_at ? h("p", { class: "muted small saved" }, t("outbox.saved_at", { when: when(item.saved_at) })) : null);
    actions = [
      h("button", { type: "button", class: "primary save-file", onclick: async () => {
        const { filename, blob } = await outbox.exportFile(item.evaluation_id);
        saveBlob(blob, filename);
        app.announce(t("outbox.saved", { name: filename }), { visible: true });
      } }, t("outbox.save_file")),
      h("button", { type: "button", class: "secondary", onclick: async () => {
        await outbox.retry(item.evaluation_id);
        await app.sendOutbox({ force: true });
        const after = await outbox.status(item.evaluation_id);
        app.announce(after === outbox.SENT ? t("outbox.retry_sent") : after === outbox.SET_ASIDE
          ? t("outbox.retry_refused") : t("outbox.waiting"), { visible: true });
      } }, t("outbox.retry")),
      h("button", { type: "button", class: "secondary", onclick: async () => { await outbox.reopen(item.evaluation_id); app.navigate(`#/a/${item.assignment_id}`); } }, t("outbox.edit")),
      h("button", { type: "button", class: "link danger", onclick: async () => {
        if (window.confirm(t("outbox.discard_confirm"))) { await outbox.discard(item.evaluation_id); show(); }
      } }, t("outbox.discard")),
    ];
  } else if (item.status === outbox.BLOCKED) {
    state = h("p", { class: "state waiting" }, t("outbox.blocked"));
    actions = [h("a", { href: "#/login", class: "button secondary" }, t("login.again_title"))];
  } else {
    const next = item.next_attempt_at > Date.now() ? t("outbox.next_try", { when: when(new Date(item.next_attempt_at).toISOString()) }) : "";
    state = h("p", { class: "state waiting" }, navigator.onLine ? t("outbox.waiting") : t("outbox.waiting_offline"), " ", next,
      item.error && item.attempts ? h("span", { class: "muted small" }, ` (${t("outbox.last_error", { reason: reason(item.error) })})`) : null);
  }
  return h("li", { class: `card outbox-item ${item.status}`, dataset: { evaluation: item.evaluation_id } },
    h("h2", {}, label.location || `#${item.assignment_id}`),
    h("p", { class: "muted small" }, [label.persona, label.checklist].filter(Boolean).join(" · "), " · ", t("outbox.queued_at", { when: when(item.queued_at) })),
    photos ? h("p", { class: "small" }, photos) : null,
    state,
    actions.length ? h("div", { class: "actions" }, actions) : null);
}

function reason(error) {
  return error.code === "network" ? t("outbox.network_error") : refusalText(error);
}

/** Why the server refused, in the tester's language, from the problem's stable code (never its English detail). */
export function refusalText(error) {
  const key = `refusal.${error.code}`;
  const text = t(key);
  return text === key ? t("refusal.other", { status: error.status ?? "?", code: error.code || "?" }) : text;
}

/** The questions a refusal names, by their text in the checklist the device holds. */
function questionTitles(error, assignment) {
  if (!error || !Array.isArray(error.errors)) return [];
  const questions = new Map();
  for (const section of (assignment && assignment.checklist.definition.sections) || []) {
    for (const question of section.questions || []) questions.set(question.id, question);
  }
  const ids = [...new Set(error.errors.map((e) => e.question_id).filter(Boolean))];
  return ids.map((id) => (questions.has(id) ? localized(questions.get(id).text) : id));
}
