// A plain textarea with line numbers: lines can be marked (problems) and jumped to. No editor framework.

import { h, replace } from "../dom.js";

const LINE_HEIGHT = 20; // px; console.css gives the gutter and the textarea this same line height

/**
 * The editor element with `value()`, `setMarks(Map line -> message)` and `jumpTo(line)`;
 * `onInput(text)` runs on every change.
 */
export function codeEditor({ text, label, describedBy, onInput }) {
  const lines = h("div", { class: "gutter-lines" });
  const gutter = h("div", { class: "gutter", "aria-hidden": "true" }, lines);
  const area = h("textarea", {
    class: "code", spellcheck: "false", autocapitalize: "off", autocomplete: "off", wrap: "off",
    "aria-label": label, "aria-describedby": describedBy || null, value: text,
  });
  const element = h("div", { class: "code-editor" }, gutter, area);
  let lineCount = 0;
  let marks = new Map();

  function drawGutter() {
    const count = area.value.split("\n").length;
    if (count === lineCount) return;
    lineCount = count;
    replace(lines, Array.from({ length: count }, (_, i) => h("div", { class: "gutter-line" }, String(i + 1))));
    paintMarks();
  }

  function paintMarks() {
    [...lines.children].forEach((line, index) => {
      const message = marks.get(index + 1);
      line.classList.toggle("marked", Boolean(message));
      if (message) line.title = message;
      else line.removeAttribute("title");
    });
  }

  area.addEventListener("input", () => { drawGutter(); onInput(area.value); });
  area.addEventListener("scroll", () => { lines.style.transform = `translateY(${-area.scrollTop}px)`; });
  drawGutter();

  return {
    element,
    textarea: area,
    value: () => area.value,
    setMarks(next) { marks = next; paintMarks(); },
    /** Select the whole line, scroll it to the middle and put the caret there. */
    jumpTo(line) {
      const all = area.value.split("\n");
      const target = Math.min(Math.max(line, 1), all.length);
      const start = all.slice(0, target - 1).reduce((sum, text) => sum + text.length + 1, 0);
      area.focus({ preventScroll: true });
      area.setSelectionRange(start, start + all[target - 1].length);
      area.scrollTop = Math.max(0, (target - 1) * LINE_HEIGHT - area.clientHeight / 2 + LINE_HEIGHT);
      area.scrollLeft = 0;
      [...lines.children].forEach((el, index) => el.classList.toggle("current", index + 1 === target));
    },
  };
}
