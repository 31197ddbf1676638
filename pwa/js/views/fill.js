// Fill one checklist: the assignment's facts, the visit, every section with live skip logic and progress.
// Every change is saved at once (typed answers through edits.js); nothing waits for a save button.

import { blob as fetchBlob } from "../api.js";
import { storedAssignment } from "../assignments.js";
import { h, replace } from "../dom.js";
import { draftFor, mutateDraft } from "../drafts.js";
import { editAnswer, withPendingEdits } from "../edits.js";
import { formState } from "../form.js";
import { formatDate, localized, t } from "../i18n.js";
import { addPhoto, localPhotoUrl, removePhoto } from "../photos.js";
import { questionCard } from "./question.js";
import { visitPanel } from "./visit.js";

export async function render(main, app, assignmentId, focusQuestion) {
  const assignment = await storedAssignment(Number(assignmentId));
  if (!assignment) {
    replace(main, h("section", { class: "card" }, h("h1", {}, t("fill.missing_title")),
      h("p", {}, t("fill.missing")), h("a", { href: "#/assignments" }, t("fill.back"))));
    return null;
  }
  const definition = assignment.checklist.definition;
  let draft = await draftFor(assignment);
  if (draft.state === "queued") {
    replace(main, h("section", { class: "card" }, h("h1", {}, assignment.location.name),
      h("p", {}, t("fill.queued")), h("a", { href: "#/outbox", class: "button" }, t("nav.outbox"))));
    return null;
  }

  const showProblems = Boolean(focusQuestion);
  // Other changes come back as the stored draft; answer edits not yet stored stay on top of it.
  const update = (next) => { draft = withPendingEdits(next); refresh(); };
  const failed = (error) => app.announce(t("fill.save_failed", { reason: error.message }), { visible: true });
  let writing = null;
  let refreshing = false;
  const actions = {
    patch: (questionId, patch) => {
      // A keystroke costs an edit and at most one screen update per frame, never a wait for storage.
      const write = editAnswer(draft, questionId, patch);
      if (write !== writing) {
        writing = write;
        write.catch(failed);
      }
      if (!refreshing) {
        refreshing = true;
        requestAnimationFrame(() => { refreshing = false; refresh(); });
      }
    },
    addPhoto: async (questionId, file) => {
      const result = await addPhoto({ draft, questionId, file });
      update(result.draft);
      app.announce(t("photos.saved"));
    },
    removePhoto: async (questionId, photoId) => update(await removePhoto({ draft, questionId, photoId })),
    photoUrl: async (photoId) => (await localPhotoUrl(photoId)) ||
      (navigator.onLine ? fetchBlob(`/photos/${photoId}/thumbnail`).then((b) => URL.createObjectURL(b), () => null) : null),
    timer: (questionId, startedAt) => {
      mutateDraft(draft.evaluation_id, (d) => {
        d.timers = { ...(d.timers || {}) };
        if (startedAt) d.timers[questionId] = startedAt;
        else delete d.timers[questionId];
      }).then((next) => { draft = withPendingEdits(next); }, failed);
    },
  };

  const cards = new Map();
  const sectionProgress = new Map();
  const sections = definition.sections.map((section) => {
    const progress = h("span", { class: "section-progress" });
    sectionProgress.set(section.id, progress);
    return h("section", { class: "form-section", id: `s-${section.id}`, "aria-labelledby": `s-${section.id}-title` },
      h("div", { class: "section-head" }, h("h2", { id: `s-${section.id}-title` }, localized(section.title)), progress),
      section.description ? h("p", { class: "muted" }, localized(section.description)) : null,
      section.questions.map((question) => {
        const card = questionCard(question, draft.answers[question.id], { actions, timers: draft.timers || {} });
        cards.set(question.id, card);
        return card;
      }));
  });
  const index = h("ol", { class: "section-index" });
  const overall = h("span", { class: "overall", "aria-live": "polite" });
  const visit = visitPanel({ app, getDraft: () => draft, update });

  replace(main,
    header(assignment),
    draft.returned ? h("div", { class: "card returned", role: "note" },
      h("h2", {}, t("fill.returned_title", { revision: draft.returned.revision })), h("p", {}, draft.returned.comment || "")) : null,
    draft.server_errors ? serverErrors(assignment, draft.server_errors) : null,
    visit.element,
    h("nav", { class: "card sections-nav", "aria-label": t("fill.sections") }, h("h2", { class: "small-title" }, t("fill.sections")), index),
    sections,
    h("div", { class: "bottom-bar" }, overall,
      h("a", { class: "button primary", href: `#/a/${assignment.id}/submit` }, t("fill.to_review"))));

  function refresh() {
    const state = formState(definition, draft.persona, draft.answers);
    for (const [questionId, card] of cards) {
      card.refresh(draft.answers[questionId], {
        visible: state.visible.has(questionId),
        problems: state.problems.get(questionId) || [],
        showProblems,
      });
    }
    let complete = 0;
    let total = 0;
    replace(index, state.sections.map((s, i) => {
      complete += s.complete;
      total += s.total;
      sectionProgress.get(s.id).textContent = t("fill.section_progress", { complete: s.complete, total: s.total });
      return h("li", { class: s.total && s.complete === s.total ? "done" : "" },
        h("a", { href: `#/a/${assignment.id}${firstQuestion(definition.sections[i], state)}`, onclick: (e) => jump(e, `s-${s.id}`) },
          localized(definition.sections[i].title)),
        h("span", { class: "muted" }, ` ${s.complete}/${s.total}`));
    }));
    overall.textContent = t("fill.progress", { complete, total });
    visit.refresh();
  }
  refresh();

  if (focusQuestion && cards.has(focusQuestion)) {
    // After the app has put this view on screen.
    setTimeout(() => {
      const card = cards.get(focusQuestion);
      card.scrollIntoView({ block: "center" });
      const target = card.querySelector("input:not([disabled]), textarea, select, button");
      if (target) target.focus({ preventScroll: true });
    }, 0);
  }
  return null;
}

function firstQuestion(section, state) {
  const question = section.questions.find((q) => state.visible.has(q.id)) || section.questions[0];
  return question ? `/q/${question.id}` : "";
}

function jump(event, id) {
  event.preventDefault();
  const target = document.getElementById(id);
  target.scrollIntoView({ block: "start" });
  const heading = target.querySelector("h2");
  heading.setAttribute("tabindex", "-1");
  heading.focus({ preventScroll: true });
}

function header(assignment) {
  const { location, persona, checklist } = assignment;
  const address = [location.street, [location.postal_code, location.city].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  return h("header", { class: "card assignment-head" },
    h("h1", {}, location.name),
    h("p", { class: "muted" }, localized(checklist.title), " · ", t(`kind.${checklist.kind}`)),
    h("dl", { class: "facts" },
      h("dt", {}, t("assignments.persona")), h("dd", {}, localized(persona.title)),
      h("dt", {}, t("assignments.window")), h("dd", {}, `${formatDate(assignment.window_start)} – ${formatDate(assignment.window_end)}`),
      address ? [h("dt", {}, t("assignments.address")), h("dd", {}, address)] : null,
      location.phone ? [h("dt", {}, t("assignments.phone")), h("dd", {}, h("a", { href: `tel:${location.phone}` }, location.phone))] : null,
      location.url ? [h("dt", {}, t("assignments.url")), h("dd", {}, h("a", { href: location.url, target: "_blank", rel: "noopener" }, location.url))] : null),
    persona.description ? h("details", { class: "persona" }, h("summary", {}, t("fill.persona_details")),
      h("p", {}, localized(persona.description))) : null);
}

function serverErrors(assignment, error) {
  const items = (error.errors || []).map((e) =>
    h("li", {}, e.question_id ? h("a", { href: `#/a/${assignment.id}/q/${e.question_id}` }, e.message) : e.message || e.path));
  return h("div", { class: "card error", role: "alert" }, h("h2", {}, t("fill.server_refused")), h("p", {}, error.detail || ""), h("ul", {}, items));
}
