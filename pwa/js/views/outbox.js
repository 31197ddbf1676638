// What is waiting to be sent, what the server refused (and why), and what arrived.

import { h, replace } from "../dom.js";
import { formatDate, t } from "../i18n.js";
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
    const items = await outbox.items();
    sendNow.hidden = !items.some((i) => i.status === outbox.PENDING || i.status === outbox.BLOCKED);
    replace(list, items.length ? items.map((item) => row(item, app, show)) : h("li", { class: "card empty" }, t("outbox.empty")));
  }
  await show();
  return outbox.onChange(show);
}

function row(item, app, show) {
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
    state = h("div", { class: "state refused", role: "alert" },
      h("p", {}, h("strong", {}, t("outbox.refused")), " ", item.error ? reason(item.error) : ""),
      item.error && item.error.errors ? h("ul", {}, item.error.errors.map((e) => h("li", {}, e.message || JSON.stringify(e)))) : null);
    actions = [
      h("button", { type: "button", class: "secondary", onclick: async () => { await outbox.retry(item.evaluation_id); app.sendOutbox({ force: true }); } }, t("outbox.retry")),
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
  return error.code === "network" ? t("outbox.network_error") : error.detail;
}
