// The reviewer's queue: evaluations by status, submitted and flagged first, with scores and flags.

import { listEvaluations } from "../api.js";
import { h, replace } from "../dom.js";
import { projectChecklist, titleOf } from "../checklists.js";
import { flagText } from "../flags.js";
import { formatDate, formatNumber, t } from "../i18n.js";

export const STATUSES = ["submitted", "on_hold", "returned", "approved", "released"];

export async function render(main, app, status = "submitted") {
  const current = STATUSES.includes(status) ? status : "submitted";
  const tabs = h("nav", { class: "tabs", "aria-label": t("queue.statuses") },
    STATUSES.map((s) => h("a", { href: `#/queue/${s}`, "aria-current": s === current ? "page" : null }, t(`status.${s}`))));
  const list = h("ul", { class: "cards", "aria-busy": "true", "aria-label": t(`status.${current}`) });
  const count = h("p", { class: "muted small", "aria-live": "polite" });
  replace(main, h("h1", {}, t("queue.title")), tabs, count, list);

  const page = await listEvaluations({ status: current, limit: 100 });
  list.removeAttribute("aria-busy");
  count.textContent = t("queue.count", { count: page.total });
  const checklists = new Map(await Promise.all([...new Set(page.items.map((item) => item.project.id))]
    .map(async (id) => [id, await projectChecklist(id)])));
  const titled = page.items.map((item) => {
    const definition = checklists.get(item.project.id);
    return { ...item, persona: titleOf(definition && definition.personas, item.persona) };
  });
  replace(list, titled.length ? titled.map(row) : h("li", { class: "card empty" }, t("queue.empty")));
  return null;
}

/** One evaluation in a list: location, persona, tester, score, pass and flags. */
export function row(item) {
  return h("li", { class: "card evaluation-row" },
    h("div", { class: "card-head" },
      h("h2", {}, h("a", { href: `#/e/${item.id}`, class: "stretched" }, item.location.name)),
      scoreBadge(item.total_score, item.passed)),
    h("p", { class: "muted small" },
      [item.project.name, item.wave && item.wave.name, item.persona].filter(Boolean).join(" · ")),
    h("p", { class: "small" },
      t("queue.tester", { tester: item.tester.display_name || item.tester.pseudonym }), " · ",
      formatDate(item.submitted_at, { dateStyle: "short", timeStyle: "short" }),
      item.revision > 1 ? ` · ${t("queue.revision", { revision: item.revision })}` : ""),
    item.flags && item.flags.length
      ? h("ul", { class: "flags", "aria-label": t("queue.flags") }, item.flags.map((f) => h("li", { class: "flag" }, "⚑ ", flagText(f))))
      : null);
}

/** The total score with pass or fail, as text and colour. */
export function scoreBadge(score, passed) {
  return h("span", { class: `score ${score === null || score === undefined ? "none" : passed ? "pass" : "fail"}` },
    score === null || score === undefined ? t("score.na") : `${formatNumber(score)} %`,
    h("span", { class: "sr-only" }, ` ${passed ? t("score.passed") : t("score.failed")}`));
}
