// Fill one checklist: the assignment's facts, the visit, every section with live skip logic and progress.
// Every change is saved at once (typed answers through edits.js); nothing waits for a save button.

import { blob as fetchBlob } from "../api.js";
import { storedAssignment } from "../assignments.js";
import { h, replace } from "../dom.js";
import { draftFor, mutateDraft } from "../drafts.js";
import { editAnswer, isEditPending, withPendingEdits } from "../edits.js";
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
  const saving = new Set();
  const saveState = h("span", { class: "form-save-state" });
  const showForm = (state) => {
    saveState.textContent = t(`fill.${state === "saved" ? "all_saved" : state}`);
    saveState.dataset.state = state;
  };
  const startSaving = (questionId) => {
    saving.add(questionId);
    cards.get(questionId).saveState("saving");
    showForm("saving");
  };
  // What the tester sees as saved is what IndexedDB holds: a card says so once its edit left the journal.
  // A failed write keeps its edits in the journal; the next write that stores them turns the card to saved.
  const showSaved = ({ failed: failedNow = [] } = {}) => {
    for (const questionId of [...saving]) {
      if (failedNow.includes(questionId)) cards.get(questionId).saveState("failed");
      else if (!isEditPending(draft.evaluation_id, questionId)) {
        cards.get(questionId).saveState("saved");
        saving.delete(questionId);
      }
    }
    showForm(failedNow.length ? "failed" : saving.size ? "saving" : "saved");
  };
  /** Run a change that is not a typed edit (photos, timers) and say when it is stored. */
  const stored = async (questionId, work) => {
    startSaving(questionId);
    try {
      const result = await work();
      showSaved();
      return result;
    } catch (error) {
      showSaved({ failed: [questionId] });
      saving.delete(questionId);
      throw error;
    }
  };
  let writing = null;
  let refreshing = false;
  const actions = {
    patch: (questionId, patch) => {
      // A keystroke costs an edit and at most one screen update per frame, never a wait for storage.
      const write = editAnswer(draft, questionId, patch);
      startSaving(questionId);
      if (write !== writing) {
        writing = write;
        write.then(() => showSaved(), (error) => {
          const unstored = [...saving].filter((id) => isEditPending(draft.evaluation_id, id));
          showSaved({ failed: unstored.length ? unstored : [...saving] });
          failed(error);
        });
      }
      if (!refreshing) {
        refreshing = true;
        requestAnimationFrame(() => { refreshing = false; refresh(); });
      }
    },
    addPhoto: (questionId, file) => stored(questionId, async () => {
      const result = await addPhoto({ draft, questionId, file });
      update(result.draft);
      app.announce(t("photos.saved"));
    }),
    removePhoto: (questionId, photoId) => stored(questionId, async () =>
      update(await removePhoto({ draft, questionId, photoId }))),
    photoUrl: async (photoId) => (await localPhotoUrl(photoId)) ||
      (navigator.onLine ? fetchBlob(`/photos/${photoId}/thumbnail`).then((b) => URL.createObjectURL(b), () => null) : null),
    timer: (questionId, startedAt) => {
      stored(questionId, () => mutateDraft(draft.evaluation_id, (d) => {
        d.timers = { ...(d.timers || {}) };
        if (startedAt) d.timers[questionId] = startedAt;
        else delete d.timers[questionId];
      })).then((next) => { draft = withPendingEdits(next); }, failed);
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
  const index = h("ol", {});
  const overall = h("span", { class: "overall" });
  const visit = visitPanel({ app, getDraft: () => draft, update });
  let state = null;
  const nextOpen = h("button", { type: "button", class: "secondary", onclick: () => goToNextOpen() }, t("fill.next_open"));

  replace(main,
    header(assignment),
    draft.returned ? h("div", { class: "card returned", role: "note" },
      h("h2", {}, t("fill.returned_title", { revision: draft.returned.revision })), h("p", {}, draft.returned.comment || "")) : null,
    draft.server_errors ? serverErrors(assignment, draft.server_errors) : null,
    visit.element,
    // The index sticks under the top bar, so every section and its progress stay one tap away.
    h("nav", { class: "section-strip", "aria-label": t("fill.sections") }, index),
    sections,
    h("div", { class: "bottom-bar" },
      h("p", { class: "bottom-status" }, overall, saveState),
      h("div", { class: "bottom-actions" }, nextOpen,
        h("a", { class: "button primary", href: `#/a/${assignment.id}/submit` }, t("fill.to_review")))));

  function refresh() {
    state = formState(definition, draft.persona, draft.answers);
    for (const [questionId, card] of cards) {
      card.refresh(draft.answers[questionId], {
        visible: state.visible.has(questionId),
        problems: state.problems.get(questionId) || [],
        showProblems,
      });
    }
    let complete = 0;
    let total = 0;
    const current = index.querySelector("[aria-current]");
    const currentId = current ? current.dataset.section : definition.sections[0] && definition.sections[0].id;
    replace(index, state.sections.map((s, i) => {
      complete += s.complete;
      total += s.total;
      sectionProgress.get(s.id).textContent = t("fill.section_progress", { complete: s.complete, total: s.total });
      const done = s.total > 0 && s.complete === s.total;
      return h("li", { class: done ? "done" : "" },
        h("a", {
          href: `#/a/${assignment.id}${firstQuestion(definition.sections[i], state)}`,
          dataset: { section: s.id }, "aria-current": s.id === currentId ? "location" : null,
          onclick: (e) => jump(e, `s-${s.id}`),
        },
        localized(definition.sections[i].title), " ",
        h("span", { class: "count", "aria-hidden": "true" }, done ? "✓" : `${s.complete}/${s.total}`),
        h("span", { class: "sr-only" }, t("fill.section_spoken", { complete: s.complete, total: s.total }))));
    }));
    overall.textContent = t("fill.progress", { complete, total });
    visit.refresh();
  }
  refresh();
  // Answers from an earlier visit to this view are on the device unless a journaled edit still waits.
  const answered = Object.keys(draft.answers || {});
  if (answered.length && !answered.some((id) => isEditPending(draft.evaluation_id, id))) showSaved();
  const watcher = watchSections(main, index);

  /** The first question after the one the tester is at that still needs something (wrapping around). */
  function goToNextOpen() {
    const open = [...cards.keys()].filter((id) => state.visible.has(id) && state.problems.has(id));
    if (!open.length) { app.announce(t("fill.none_open"), { visible: true }); return; }
    const order = [...cards.keys()];
    const at = order.indexOf(currentQuestion(cards));
    const next = open.find((id) => order.indexOf(id) > at) || open[0];
    const card = cards.get(next);
    scrollBelowBars(card);
    const heading = card.querySelector("h3");
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }

  // Back or reload: the app puts the view where the tester left it instead.
  if (focusQuestion && cards.has(focusQuestion) && !app.returning) {
    // After the app has put this view on screen.
    setTimeout(() => {
      const card = cards.get(focusQuestion);
      card.scrollIntoView({ block: "center" });
      const target = card.querySelector("input:not([disabled]), textarea, select, button");
      if (target) target.focus({ preventScroll: true });
    }, 0);
  }
  return () => watcher.disconnect();
}

/** The question the tester is at: the one holding the focus, else the last one scrolled up to the sticky bars. */
function currentQuestion(cards) {
  const focused = document.activeElement && document.activeElement.closest(".question");
  if (focused) return focused.dataset.question;
  const line = Math.max(...[...document.querySelectorAll(".topbar, .section-strip")].map((bar) => bar.getBoundingClientRect().bottom)) + 24;
  let at = null;
  for (const [id, card] of cards) {
    if (card.hidden) continue;
    if (card.getBoundingClientRect().top > line) break;
    at = id;
  }
  return at;
}

/** Mark the section on screen in the index, and keep its link in view in the strip. */
function watchSections(main, index) {
  const observer = new IntersectionObserver((entries) => {
    const seen = entries.filter((e) => e.isIntersecting).map((e) => e.target.id.slice(2));
    if (!seen.length) return;
    for (const link of index.querySelectorAll("a")) {
      const current = link.dataset.section === seen[0];
      if (current) {
        link.setAttribute("aria-current", "location");
        index.scrollLeft = Math.max(0, link.parentElement.offsetLeft - 16);
      } else link.removeAttribute("aria-current");
    }
  }, { rootMargin: "-30% 0px -65% 0px" });
  for (const section of main.querySelectorAll(".form-section")) observer.observe(section);
  return observer;
}

function firstQuestion(section, state) {
  const question = section.questions.find((q) => state.visible.has(q.id)) || section.questions[0];
  return question ? `/q/${question.id}` : "";
}

/** Scroll so that `element` starts just below the top bar and the section index (which sticks once scrolled). */
function scrollBelowBars(element) {
  const covered = [...document.querySelectorAll(".topbar, .section-strip")].reduce((sum, bar) => sum + bar.offsetHeight, 0);
  window.scrollTo(0, window.scrollY + element.getBoundingClientRect().top - covered - 12);
}

function jump(event, id) {
  event.preventDefault();
  const target = document.getElementById(id);
  scrollBelowBars(target);
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
