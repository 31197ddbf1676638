// The answer input for each question type; each calls `change(value)` with the API's value shape.

import { h, uid } from "../dom.js";
import { localized, t } from "../i18n.js";
import { stopwatch } from "./stopwatch.js";

const SVG = "http://www.w3.org/2000/svg";

/** The input for a question: an element whose answer changes go to `change`. */
export function answerInput(question, answer, { change, labelId, timers, onTimer }) {
  const value = answer ? answer.value : null;
  const name = `q-${question.id}`;
  switch (question.type) {
    case "yes_no":
      return choices(name, [[true, t("answer.yes")], [false, t("answer.no")]], value, change, "segmented two");
    case "single_choice":
      return choices(name, (question.options || []).map((o) => [o.value, localized(o.label)]), value, change, "stacked");
    case "multi_choice":
      return checkboxes(name, question, value, change);
    case "scale":
      return scale(name, question, value, change);
    case "nps":
      return choices(name, range(0, 10).map((n) => [n, String(n)]), value, change, "segmented nps",
        h("div", { class: "scale-labels", "aria-hidden": "true" }, h("span", {}, t("answer.nps_low")), h("span", {}, t("answer.nps_high"))));
    case "emotion":
      // Faces 1 and 2 (or 4 and 5) look alike on a small screen: each says in words what it means.
      return choices(name, range(1, 5).map((n) => [n, [face(n), h("span", { class: "face-label" }, t(`answer.emotion_${n}`))]]),
        value, change, "segmented emotion");
    case "number":
      return numberInput(question, value, change, labelId);
    case "duration":
      return stopwatch({ question, value, change, labelId, startedAt: timers[question.id] || null, onTimer });
    case "text":
      return h("textarea", {
        rows: 3, "aria-labelledby": labelId, value: value || "",
        oninput: (e) => change(e.target.value === "" ? null : e.target.value),
      });
    case "date":
      return h("input", { type: "date", "aria-labelledby": labelId, value: value || "", onchange: (e) => change(e.target.value || null) });
    case "time":
      return h("input", { type: "time", "aria-labelledby": labelId, value: value || "", onchange: (e) => change(e.target.value || null) });
    default:
      return null;
  }
}

/** A drawn face from 1 (very unhappy) to 5 (very happy): emoji fonts are missing on many phones. */
function face(mood) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", "face");
  svg.setAttribute("aria-hidden", "true");
  const mouthY = 16 + (mood - 3) * 3.5;
  for (const [tag, attributes] of [
    ["circle", { cx: 12, cy: 12, r: 10.5 }],
    ["circle", { cx: 8.5, cy: 9.5, r: 1.3, class: "eye" }],
    ["circle", { cx: 15.5, cy: 9.5, r: 1.3, class: "eye" }],
    ["path", { d: `M7 16 Q12 ${mouthY.toFixed(1)} 17 16`, class: "mouth" }],
  ]) {
    const part = document.createElementNS(SVG, tag);
    for (const [key, val] of Object.entries(attributes)) part.setAttribute(key, String(val));
    svg.append(part);
  }
  return svg;
}

function range(from, to) {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function choices(name, options, value, change, layout, after = null) {
  return h("div", { class: `choices ${layout}` },
    options.map(([optionValue, label, spoken]) => {
      const id = uid(name);
      return h("span", { class: "choice" },
        h("input", {
          type: "radio", id, name, value: String(optionValue), checked: value === optionValue,
          onchange: (e) => { if (e.target.checked) change(optionValue); },
        }),
        h("label", { for: id }, spoken ? [h("span", { "aria-hidden": "true" }, label), h("span", { class: "sr-only" }, spoken)] : label));
    }),
    after);
}

function checkboxes(name, question, value, change) {
  const chosen = new Set(Array.isArray(value) ? value : []);
  const container = h("div", { class: "choices stacked" });
  for (const option of question.options || []) {
    const id = uid(name);
    container.append(h("span", { class: "choice" },
      h("input", {
        type: "checkbox", id, name, value: option.value, checked: chosen.has(option.value),
        onchange: () => {
          const selected = [...container.querySelectorAll("input:checked")].map((input) => input.value);
          change(selected.length ? selected : null);
        },
      }),
      h("label", { for: id }, localized(option.label))));
  }
  return container;
}

function scale(name, question, value, change) {
  const min = question.min ?? 1;
  const max = question.max ?? 5;
  const labels = question.labels || {};
  const legend = labels.min || labels.max
    ? h("div", { class: "scale-labels", "aria-hidden": "true" }, h("span", {}, localized(labels.min)), h("span", {}, localized(labels.max)))
    : null;
  const steps = range(min, max).map((n) => [n, String(n),
    n === min && labels.min ? `${n} – ${localized(labels.min)}` : n === max && labels.max ? `${n} – ${localized(labels.max)}` : null]);
  return choices(name, steps, value, change, `segmented scale${steps.length > 6 ? " wide" : ""}`, legend);
}

function numberInput(question, value, change, labelId) {
  const unit = question.unit ? localized(question.unit) : "";
  const unitId = unit ? uid("unit") : null;
  return h("div", { class: "with-unit" },
    h("input", {
      type: "number", inputmode: "decimal", step: "any", min: question.min ?? null, max: question.max ?? null,
      "aria-labelledby": unitId ? `${labelId} ${unitId}` : labelId,
      value: value ?? "",
      oninput: (e) => {
        if (e.target.value === "") change(null);
        else if (Number.isFinite(e.target.valueAsNumber)) change(e.target.valueAsNumber);
      },
    }),
    unit ? h("span", { id: unitId, class: "unit" }, unit) : null);
}
