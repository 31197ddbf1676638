// Two versions of a template side by side: what was added, removed, changed, and which weights moved.

import { h, replace } from "../dom.js";
import { localized, t } from "../i18n.js";
import { diffTemplates } from "./diff.js";
import { getJson } from "./http.js";
import { ct } from "./texts.js";
import { checkbox, field, pageHead, select, table } from "./ui.js";

const SHOWN_FIELDS = ["text", "type", "section", "step", "touchpoint", "weight"];
const TEXT_FIELDS = new Set(["text", "help", "unit", "title", "description"]);

export async function render(main, app, key, from, to) {
  const template = (await getJson("/checklists")).find((tpl) => tpl.key === key);
  if (!template) { replace(main, pageHead(ct("console.editor.missing", { key }))); return null; }
  const numbers = template.versions.map((v) => v.version);
  const right = numbers.includes(Number(to)) ? Number(to) : template.latest_version;
  const left = numbers.includes(Number(from)) ? Number(from) : Math.max(1, right - 1);
  const [before, after] = await Promise.all([left, right].map((n) => getJson(`/checklists/${key}?version=${n}`)));
  const diff = diffTemplates(before.definition, after.definition);
  const options = numbers.map((n) => [n, `v${n}`]);
  const go = (a, b) => app.navigate(`#/console/templates/${key}/diff/${a}/${b}`);
  const leftSelect = select(options, { value: left, onchange: (e) => go(e.target.value, right) });
  const rightSelect = select(options, { value: right, onchange: (e) => go(left, e.target.value) });
  const questionsBox = h("div");
  const onlyChanges = checkbox(ct("console.diff.only_changes"), { checked: true, onchange: () => drawQuestions() });

  function drawQuestions() {
    const all = onlyChanges.querySelector("input").checked;
    const rows = diff.questions.filter((q) => !all || q.status !== "unchanged")
      .map((q) => ({ ...q, rowClass: `diff-${q.status}` }));
    replace(questionsBox, table({
      caption: ct("console.diff.questions"), className: "diff-table", rows, empty: ct("console.diff.no_changes"),
      columns: [
        { title: ct("console.diff.question"), cell: (q) => h("span", { class: "stack" }, h("code", {}, q.id),
          h("span", { class: `diff-tag diff-tag-${q.status}` }, ct(`console.diff.status.${q.status}`)),
          q.weightChanged ? h("span", { class: "diff-tag diff-tag-weight" }, ct("console.diff.weight_changed")) : null) },
        { title: ct("console.diff.version", { version: left }), cell: (q) => questionCell(q.before, q, "before") },
        { title: ct("console.diff.version", { version: right }), cell: (q) => questionCell(q.after, q, "after") },
      ],
    }));
  }

  const s = diff.summary;
  replace(main,
    h("p", { class: "crumbs" }, h("a", { href: "#/console/templates" }, ct("console.templates.title")), " / ",
      h("a", { href: `#/console/templates/${key}` }, key)),
    pageHead(ct("console.diff.title", { key })),
    h("div", { class: "panel toolbar" },
      field(ct("console.diff.left"), leftSelect), field(ct("console.diff.right"), rightSelect), onlyChanges),
    h("ul", { class: "stats", "aria-label": ct("console.diff.summary") },
      stat(s.added, ct("console.diff.added"), "added"), stat(s.removed, ct("console.diff.removed"), "removed"),
      stat(s.changed, ct("console.diff.changed"), "changed"), stat(s.weights, ct("console.diff.weights"), "weight")),
    structure(diff),
    diff.personaWeights.length ? h("section", { class: "panel" },
      h("h2", {}, ct("console.diff.persona_weights")),
      table({ caption: ct("console.diff.persona_weights"), rows: diff.personaWeights, columns: [
        { title: ct("console.diff.persona"), cell: (w) => personaTitle(after.definition, w.persona) },
        { title: ct("console.diff.touchpoint"), cell: (w) => touchpointTitle(after.definition, before.definition, w.touchpoint) },
        { title: `v${left}`, cell: (w) => String(w.before), numeric: true },
        { title: `v${right}`, cell: (w) => String(w.after), numeric: true },
      ] })) : null,
    h("section", { class: "panel" }, h("h2", {}, ct("console.diff.questions")), questionsBox));
  drawQuestions();
  return null;
}

function stat(count, label, kind) {
  return h("li", { class: `stat stat-${kind}` }, h("span", { class: "stat-number" }, String(count)), h("span", {}, label));
}

function structure(diff) {
  const items = [];
  for (const [list, label] of [["steps", "console.diff.steps"], ["touchpoints", "console.diff.touchpoints"], ["personas", "console.diff.personas"]]) {
    const change = diff[list];
    for (const item of change.added) items.push(h("li", {}, ct(label), ": ", ct("console.diff.item_added", { id: item.id })));
    for (const item of change.removed) items.push(h("li", {}, ct(label), ": ", ct("console.diff.item_removed", { id: item.id })));
    for (const item of change.changed) items.push(h("li", {}, ct(label), ": ", ct("console.diff.item_changed", { id: item.after.id })));
  }
  for (const setting of diff.settings) {
    items.push(h("li", {}, ct("console.diff.setting", { field: setting.field }), ": ", display(setting.field, setting.before), " → ", display(setting.field, setting.after)));
  }
  return items.length ? h("section", { class: "panel" }, h("h2", {}, ct("console.diff.structure")), h("ul", { class: "plain-list" }, items)) : null;
}

function questionCell(question, row, side) {
  if (!question) return h("span", { class: "muted" }, "—");
  const changed = new Set(row.changes.map((c) => c.field));
  const fields = [...SHOWN_FIELDS, ...row.changes.map((c) => c.field).filter((f) => !SHOWN_FIELDS.includes(f))];
  return h("dl", { class: `diff-fields ${side}` }, fields.filter((f) => question[f] !== undefined || changed.has(f)).map((f) => [
    h("dt", { class: changed.has(f) ? "changed" : null }, f),
    h("dd", { class: changed.has(f) ? "changed" : null }, display(f, question[f]),
      changed.has(f) ? h("span", { class: "sr-only" }, ` (${ct("console.diff.status.changed")})`) : null),
  ]));
}

/** A field's value as a short text for people. */
function display(fieldName, value) {
  if (value === undefined || value === null) return "—";
  if (TEXT_FIELDS.has(fieldName)) return localized(value);
  if (typeof value === "boolean") return value ? t("answer.yes") : t("answer.no");
  if (fieldName === "options") return value.map((o) => `${localized(o.label)} (${o.points ?? 0})`).join(", ");
  if (Array.isArray(value)) return value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function personaTitle(definition, id) {
  const persona = (definition.personas || []).find((p) => p.id === id);
  return persona ? localized(persona.title) : id;
}

function touchpointTitle(after, before, id) {
  const touchpoint = [...(after.touchpoints || []), ...(before.touchpoints || [])].find((tp) => tp.id === id);
  return touchpoint ? localized(touchpoint.title) : id;
}
