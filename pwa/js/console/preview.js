// A checklist as a tester sees it on the phone: the field app's own question cards, skip logic and progress.
// Answers live in memory only; photos stay in the browser.

import { h, replace } from "../dom.js";
import { emptyAnswer, formState } from "../form.js";
import { localized, t } from "../i18n.js";
import { questionCard } from "../views/question.js";
import { ct } from "./texts.js";

/** The phone frame with `show(definition, persona)`; answers carry over while question ids stay the same. */
export function phonePreview() {
  const screen = h("div", { class: "phone-screen" });
  const element = h("div", { class: "phone", role: "region", "aria-label": ct("console.preview.phone") },
    h("div", { class: "phone-bar", "aria-hidden": "true" }, h("span", {}, "fieldcheck")), screen);
  let answers = {};
  const timers = {};
  const photos = new Map();

  function show(definition, persona) {
    const cards = new Map();
    const progress = new Map();
    const overall = h("span", { class: "overall" });
    const actions = {
      patch: async (questionId, patch) => {
        answers = { ...answers, [questionId]: { ...emptyAnswer(), ...answers[questionId], ...patch } };
        refresh();
      },
      addPhoto: async (questionId, file) => {
        const id = crypto.randomUUID();
        photos.set(id, file);
        const current = answers[questionId] || emptyAnswer();
        await actions.patch(questionId, { photos: [...(current.photos || []), id] });
      },
      removePhoto: async (questionId, photoId) => {
        const current = answers[questionId] || emptyAnswer();
        await actions.patch(questionId, { photos: (current.photos || []).filter((id) => id !== photoId) });
      },
      // The card revokes the URL once drawn, so hand out a fresh one each time.
      photoUrl: async (photoId) => (photos.has(photoId) ? URL.createObjectURL(photos.get(photoId)) : null),
      timer: (questionId, startedAt) => {
        if (startedAt) timers[questionId] = startedAt;
        else delete timers[questionId];
      },
    };
    const personaFacts = definition.personas.find((p) => p.id === persona);
    const sections = definition.sections.map((section) => {
      const counter = h("span", { class: "section-progress" });
      progress.set(section.id, counter);
      return h("section", { class: "form-section", "aria-label": localized(section.title) },
        h("div", { class: "section-head" }, h("h3", { class: "preview-section-title" }, localized(section.title)), counter),
        section.description ? h("p", { class: "muted" }, localized(section.description)) : null,
        section.questions.map((question) => {
          const card = questionCard(question, answers[question.id], { actions, timers });
          cards.set(question.id, card);
          return card;
        }));
    });

    function refresh() {
      const state = formState(definition, persona, answers);
      for (const [questionId, card] of cards) {
        card.refresh(answers[questionId], { visible: state.visible.has(questionId),
          problems: state.problems.get(questionId) || [], showProblems: false });
      }
      let complete = 0;
      let total = 0;
      for (const s of state.sections) {
        complete += s.complete;
        total += s.total;
        progress.get(s.id).textContent = t("fill.section_progress", { complete: s.complete, total: s.total });
      }
      overall.textContent = t("fill.progress", { complete, total });
    }

    replace(screen,
      h("header", { class: "card assignment-head" },
        h("p", { class: "preview-location" }, ct("console.preview.sample_location")),
        h("p", { class: "muted" }, localized(definition.title), " · ", t(`kind.${definition.kind}`)),
        h("dl", { class: "facts" },
          h("dt", {}, t("assignments.persona")), h("dd", {}, personaFacts ? localized(personaFacts.title) : persona)),
        personaFacts && personaFacts.description
          ? h("details", { class: "persona" }, h("summary", {}, t("fill.persona_details")),
            h("p", {}, localized(personaFacts.description))) : null),
      sections,
      h("div", { class: "bottom-bar" }, overall,
        h("button", { type: "button", class: "primary", disabled: true }, t("fill.to_review"))));
    refresh();
  }

  return {
    element,
    show,
    reset() { answers = {}; },
  };
}
