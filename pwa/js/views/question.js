// One question card: text, required marker, help, the answer input, N/A, comment and photos.

import { h, replace, uid } from "../dom.js";
import { isAnswered } from "../conditions.js";
import { commentRequired, photoLimits } from "../form.js";
import { localized, t } from "../i18n.js";
import { answerInput } from "./inputs.js";

/**
 * Build a question card. `actions` has patch(questionId, patch), addPhoto(questionId, file),
 * removePhoto(questionId, photoId), photoUrl(photoId), timer(questionId, startedAt).
 * The card's `refresh(answer, {visible, problems, showProblems})` keeps it in step without rebuilding inputs.
 */
export function questionCard(question, answer, { actions, timers }) {
  const labelId = uid("q-label");
  const helpId = question.help ? uid("q-help") : null;
  const problemId = uid("q-problem");
  const required = question.required !== false;
  const limits = photoLimits(question);
  let current = answer;

  const input = answerInput(question, answer, {
    change: (value) => actions.patch(question.id, { value }),
    labelId,
    timers,
    onTimer: actions.timer,
  });
  const inputBox = h("fieldset", { class: "answer", "aria-labelledby": labelId, disabled: Boolean(answer && answer.na) }, input);

  const na = question.na_allowed ? naToggle(question, answer, actions) : null;
  const comment = question.comment === "none" ? null : commentBox(question, answer, actions);
  const photos = limits.max > 0 ? photoBox(question, limits, actions) : null;
  const problem = h("p", { class: "problem", id: problemId, hidden: true });
  const saveState = h("p", { class: "save-state", hidden: true });

  const card = h("section", {
    class: `question type-${question.type}`,
    id: `q-${question.id}`,
    "aria-labelledby": labelId,
    "aria-describedby": [helpId, problemId].filter(Boolean).join(" "),
    dataset: { question: question.id },
  },
  h("h3", { class: "question-text", id: labelId },
    localized(question.text),
    required ? [h("span", { class: "req", "aria-hidden": "true" }, " *"), h("span", { class: "sr-only" }, ` (${t("question.required")})`)] : null,
    question.knockout ? h("span", { class: "tag knockout" }, t("question.knockout")) : null),
  question.help ? h("details", { class: "help" }, h("summary", {}, t("question.help")), h("p", { id: helpId }, localized(question.help))) : null,
  question.type === "photo" ? null : inputBox,
  na ? na.element : null,
  photos ? photos.element : null,
  comment ? comment.element : null,
  problem,
  saveState);

  card.refresh = (next, { visible, problems = [], showProblems = false }) => {
    current = next;
    card.hidden = !visible;
    inputBox.disabled = Boolean(next && next.na);
    if (comment) comment.refresh(next);
    if (photos) photos.refresh(next);
    const touched = isAnswered(next) || Boolean(next && next.na);
    card.classList.toggle("complete", visible && touched && problems.length === 0);
    const shown = showProblems ? problems : [];
    problem.hidden = shown.length === 0;
    problem.textContent = shown.map((code) => t(`problem.${code}`, { min: limits.min, max: limits.max })).join(" ");
    card.classList.toggle("has-problem", shown.length > 0);
  };
  card.answer = () => current;
  /** Say whether this answer is stored on the device: "saving", "saved" or "failed". */
  card.saveState = (state) => {
    saveState.hidden = false;
    saveState.dataset.state = state;
    saveState.textContent = t(`fill.${state}`);
  };
  return card;
}

function naToggle(question, answer, actions) {
  const id = uid("na");
  const element = h("div", { class: "na" },
    h("input", {
      type: "checkbox", id, checked: Boolean(answer && answer.na),
      onchange: (e) => actions.patch(question.id, { na: e.target.checked }),
    }),
    h("label", { for: id }, t("question.na")));
  return { element };
}

function commentBox(question, answer, actions) {
  const id = uid("comment");
  const requiredMark = h("span", { class: "req-text" }, ` (${t("question.required")})`);
  const textarea = h("textarea", {
    id, rows: 2, value: (answer && answer.comment) || "",
    oninput: (e) => actions.patch(question.id, { comment: e.target.value || null }),
  });
  const label = h("label", { for: id }, question.comment === "required_on_fail" ? t("question.comment_fail") : t("question.comment"), requiredMark);
  const field = h("div", { class: "comment-field" }, label, textarea);
  const opener = question.comment === "optional"
    ? h("button", { type: "button", class: "link", "aria-expanded": "false", onclick: () => { open = true; refresh(); textarea.focus(); } }, t("question.add_comment"))
    : null;
  const element = h("div", { class: "comment" }, opener, field);
  let open = Boolean(answer && answer.comment);

  function refresh(next) {
    const needed = commentRequired(question, next || {});
    const hasText = Boolean(textarea.value);
    const show = question.comment === "required" || needed || hasText || open;
    field.hidden = !show;
    requiredMark.hidden = !needed;
    textarea.required = needed;
    if (opener) {
      opener.hidden = show;
      opener.setAttribute("aria-expanded", String(show));
    }
  }
  refresh(answer);
  return { element, refresh: (next) => refresh(next) };
}

function photoBox(question, limits, actions) {
  const list = h("ul", { class: "photos", "aria-label": t("photos.list") });
  const inputId = uid("camera");
  const status = h("span", { class: "muted small", "aria-live": "polite" });
  const fileInput = h("input", {
    type: "file", id: inputId, accept: "image/*", capture: "environment", class: "file-input",
    onchange: async (e) => {
      const files = [...e.target.files];
      e.target.value = "";
      status.textContent = t("photos.processing");
      try {
        for (const file of files) await actions.addPhoto(question.id, file);
        status.textContent = t("photos.saved");
      } catch (error) {
        status.textContent = t("photos.failed", { reason: error.message });
      }
    },
  });
  const camera = h("span", { class: "camera" }, fileInput,
    h("label", { for: inputId, class: "button secondary" }, t("photos.add")));
  const rule = h("p", { class: "muted small" }, limits.min
    ? t("photos.rule_min", { min: limits.min, max: limits.max })
    : t("photos.rule_max", { max: limits.max }));
  const element = h("div", { class: "photo-box", dataset: { min: String(limits.min), max: String(limits.max) } },
    rule, list, h("div", { class: "photo-actions" }, camera, status));
  let shown = [];

  function refresh(answer) {
    const ids = (answer && answer.photos) || [];
    camera.hidden = ids.length >= limits.max;
    if (ids.join() === shown.join()) return;
    shown = ids;
    replace(list, ids.map((photoId, index) => {
      const image = h("img", { alt: t("photos.alt", { n: index + 1 }), width: 96, height: 96, loading: "lazy" });
      actions.photoUrl(photoId).then((url) => {
        if (!url) { image.classList.add("remote"); return; }
        image.onload = () => URL.revokeObjectURL(url);
        image.src = url;
      });
      return h("li", {}, image,
        h("button", {
          type: "button", class: "remove", "aria-label": t("photos.remove", { n: index + 1 }),
          onclick: () => { if (window.confirm(t("photos.remove_confirm"))) actions.removePhoto(question.id, photoId); },
        }, "×"));
    }));
  }
  return { element, refresh };
}
