// Building blocks of the console's screens: page heads, labelled fields, tables, notices, form errors.

import { h, replace, uid } from "../dom.js";
import { ct } from "./texts.js";
import { fieldErrors, problemText } from "./http.js";

/** The page's title row: the one h1 of the screen and its main actions. */
export function pageHead(title, ...actions) {
  return h("div", { class: "console-head" }, h("h1", {}, title), h("div", { class: "console-actions" }, actions));
}

/** A label, the control it names, and an optional hint tied to it. */
export function field(label, control, { hint = null, wide = false } = {}) {
  if (!control.id) control.id = uid("f");
  const hintId = hint ? uid("hint") : null;
  if (hintId) control.setAttribute("aria-describedby", hintId);
  return h("div", { class: wide ? "field wide" : "field" },
    h("label", { for: control.id }, label), control,
    hint ? h("p", { class: "hint", id: hintId }, hint) : null);
}

export const textInput = (attributes = {}) => h("input", { type: "text", ...attributes });

/** A select of [value, label] pairs. */
export function select(options, { value = null, ...attributes } = {}) {
  return h("select", attributes, options.map(([optionValue, label]) =>
    h("option", { value: String(optionValue), selected: String(optionValue) === String(value) }, label)));
}

/** A checkbox with its label, in one row. */
export function checkbox(label, { checked = false, value = "", name = null, onchange = null } = {}) {
  const id = uid("cb");
  return h("span", { class: "check" },
    h("input", { type: "checkbox", id, value, name, checked, onchange }),
    h("label", { for: id }, label));
}

/**
 * A table with a caption: columns are [{title, cell(row) -> content, numeric}].
 * Wrapped in a focusable scroll box so keyboard users can scroll wide tables.
 */
export function table({ caption, columns, rows, empty, className = "" }) {
  if (!rows.length) return h("p", { class: "empty-state" }, empty || ct("console.table.empty"));
  return h("div", { class: "table-box", tabindex: "0", role: "group", "aria-label": caption },
    h("table", { class: `data ${className}` },
      h("caption", { class: "sr-only" }, caption),
      h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col", class: c.numeric ? "num" : null }, c.title)))),
      h("tbody", {}, rows.map((row) => h("tr", { class: row.rowClass || null },
        columns.map((c, index) => (index === 0 && c.header !== false
          ? h("th", { scope: "row", class: c.numeric ? "num" : null }, c.cell(row))
          : h("td", { class: c.numeric ? "num" : null }, c.cell(row)))))))));
}

/** A message area: show(kind, ...content) with kind ok, error or info; clear() hides it. */
export function notice() {
  const element = h("div", { class: "notice", hidden: true });
  return {
    element,
    show(kind, ...content) {
      element.className = `notice ${kind}`;
      element.setAttribute("role", kind === "error" ? "alert" : "status");
      replace(element, content);
      element.hidden = false;
    },
    clear() { element.hidden = true; replace(element); },
  };
}

/** Show a failed request in a notice: the detail, and each field error as a list item. */
export function showProblem(target, error) {
  const errors = fieldErrors(error);
  target.show("error", h("p", {}, problemText(error)),
    errors.length ? h("ul", {}, errors.slice(0, 20).map((e) =>
      h("li", {}, [e.path || e.column || (e.line ? ct("console.editor.line", { line: e.line }) : ""), e.message]
        .filter(Boolean).join(": ")))) : null);
}

/** Run an async action from a button: disabled while it runs, problems shown in `target`. */
export async function busy(button, target, action) {
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    if (target) target.clear();
    return await action();
  } catch (error) {
    if (target) showProblem(target, error);
    else throw error;
    return undefined;
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

/** A status of an assignment or evaluation as a coloured tag. */
export function statusTag(status) {
  return h("span", { class: `status-tag status-${status}` }, ct(`console.status.${status}`));
}

/** A password to hand to a new user: 16 characters from an unambiguous alphabet, in groups of four. */
export function generatePassword() {
  const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
  return chars.match(/.{4}/g).join("-");
}

/** Tabs as links between sub-pages; the current one is marked for assistive technology. */
export function tabs(label, items, current) {
  return h("nav", { class: "console-tabs", "aria-label": label },
    items.map(([href, text]) => h("a", { href, "aria-current": href === current ? "page" : null }, text)));
}
