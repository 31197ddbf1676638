// One evaluation for reviewers and clients: scores, answers with photos, review history and actions.

import { ApiError, blob, evaluationScores, getEvaluation, review } from "../api.js";
import { h, replace, saveBlob, uid } from "../dom.js";
import { hasValue } from "../conditions.js";
import { projectChecklist, questionText, titleOf } from "../checklists.js";
import { flagText, formatDistance } from "../flags.js";
import { formatDate, formatNumber, formatRange, localized, t } from "../i18n.js";
import { formatDuration } from "./stopwatch.js";
import { scoreBadge } from "./queue.js";

const STAFF = ["admin", "reviewer"];

export async function render(main, app, evaluationId) {
  const evaluation = await getEvaluation(evaluationId);
  const [scores, definition] = await Promise.all([
    evaluationScores(evaluationId).catch(() => null),
    checklistDefinition(evaluation).catch(() => null),
  ]);
  const staff = STAFF.includes(app.session.user.role);
  const photoDialog = h("dialog", { class: "photo-dialog", "aria-label": t("photos.large") });

  replace(main,
    h("p", {}, h("a", { href: staff ? "#/queue" : `#/projects/${evaluation.project.id}` }, "← ", staff ? t("queue.title") : evaluation.project.name)),
    h("div", { class: "page-head" }, h("h1", {}, evaluation.location.name), scoreBadge(evaluation.total_score, evaluation.passed)),
    h("p", { class: "muted" }, [evaluation.project.name, evaluation.wave && evaluation.wave.name,
      personaTitle(definition, evaluation.persona)].filter(Boolean).join(" · ")),
    facts(evaluation, staff),
    staff ? reviewPanel(evaluation, app) : null,
    scoresCard(evaluation, scores, definition),
    h("div", { class: "actions" }, h("button", {
      type: "button", class: "secondary",
      onclick: async () => saveBlob(await blob(`/evaluations/${evaluation.id}/report.pdf`), `evaluation-${evaluation.id}.pdf`),
    }, t("report.evaluation_pdf"))),
    answersCard(evaluation, definition, photoDialog),
    historyCard(evaluation),
    photoDialog);
  return null;
}

/** The checklist the evaluation was filled against: its project's (a project keeps one version). */
function checklistDefinition(evaluation) {
  return projectChecklist(evaluation.project.id);
}

function personaTitle(definition, personaId) {
  return titleOf(definition && definition.personas, personaId);
}

function facts(evaluation, staff) {
  const when = (iso) => (iso ? formatDate(iso, { dateStyle: "short", timeStyle: "short" }) : "–");
  return h("dl", { class: "card facts" },
    h("dt", {}, t("evaluation.status")), h("dd", {}, t(`status.${evaluation.status}`), ` · ${t("queue.revision", { revision: evaluation.revision })}`),
    h("dt", {}, t("evaluation.tester")), h("dd", {}, evaluation.tester.display_name || evaluation.tester.pseudonym),
    h("dt", {}, t("evaluation.visit")), h("dd", {}, formatRange(evaluation.visit_started_at, evaluation.visit_ended_at)),
    h("dt", {}, t("evaluation.submitted")), h("dd", {}, when(evaluation.submitted_at)),
    staff && evaluation.position ? [h("dt", {}, t("evaluation.position")),
      h("dd", {}, `${evaluation.position.latitude.toFixed(5)}, ${evaluation.position.longitude.toFixed(5)}`,
        evaluation.position.accuracy_m != null ? ` (±${Math.round(evaluation.position.accuracy_m)} m)` : "")] : null,
    staff && evaluation.proof ? [h("dt", {}, t("evaluation.distance")),
      h("dd", {}, evaluation.proof.distance_m != null ? formatDistance(evaluation.proof.distance_m) : "–"),
      h("dt", {}, t("evaluation.photos_in_visit")),
      h("dd", {}, t("evaluation.photos_in_visit_value", { inside: evaluation.proof.photos_in_visit, total: evaluation.proof.photos_total }))] : null,
    evaluation.flags && evaluation.flags.length ? [h("dt", {}, t("queue.flags")),
      h("dd", {}, h("ul", { class: "flags" }, evaluation.flags.map((f) => h("li", { class: "flag" }, "⚑ ", flagText(f)))))] : null);
}

function reviewPanel(evaluation, app) {
  const commentId = uid("review-comment");
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const comment = h("textarea", { id: commentId, rows: 3 });
  const act = (action) => async () => {
    error.hidden = true;
    if (action === "return" && !comment.value.trim()) {
      error.textContent = t("review.comment_needed");
      error.hidden = false;
      comment.focus();
      return;
    }
    try {
      await review(evaluation.id, action, comment.value.trim());
      app.announce(t(`review.done_${action}`), { visible: true });
      app.navigate(`#/e/${evaluation.id}`);
    } catch (failure) {
      error.textContent = failure instanceof ApiError ? failure.message : t("status.offline_short");
      error.hidden = false;
    }
  };
  const open = ["submitted", "on_hold"].includes(evaluation.status);
  const buttons = [
    open ? h("button", { type: "button", class: "primary", onclick: act("approve") }, t("review.approve")) : null,
    evaluation.status === "submitted" ? h("button", { type: "button", class: "secondary", onclick: act("hold") }, t("review.hold")) : null,
    open || evaluation.status === "approved" ? h("button", { type: "button", class: "secondary", onclick: act("return") }, t("review.return")) : null,
    evaluation.status === "approved" ? h("button", { type: "button", class: "primary", onclick: act("release") }, t("review.release")) : null,
  ].filter(Boolean);
  if (!buttons.length) return null;
  return h("section", { class: "card review-panel", "aria-labelledby": "review-title" },
    h("h2", { id: "review-title", class: "small-title" }, t("review.title")),
    h("label", { for: commentId }, t("review.comment")), comment, error,
    h("div", { class: "actions" }, buttons));
}

function scoresCard(evaluation, scores, definition) {
  const title = (list, id) => {
    const found = definition && (list(definition) || []).find((x) => x.id === id);
    return found ? localized(found.title) : id;
  };
  const percent = (value) => `${formatNumber(value)} %`;
  const table = (caption, entries, names, format = percent) => h("table", { class: "scores" },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("score.what")), h("th", { scope: "col" }, t("score.value")))),
    h("tbody", {}, entries.map(([id, value]) => h("tr", {},
      h("th", { scope: "row" }, names(id)), h("td", {}, value === null || value === undefined ? t("score.na") : format(value))))));
  const emotions = Object.entries((scores && scores.emotions) || {});
  const total = scores ? scores.total : evaluation.total_score;
  const persona = scores ? scores.persona_score : evaluation.persona_score;
  const knockouts = (scores ? scores.knockouts : evaluation.knockouts) || [];
  return h("section", { class: "card", "aria-labelledby": "scores-title" },
    h("h2", { id: "scores-title", class: "small-title" }, t("score.title")),
    h("dl", { class: "facts" },
      h("dt", {}, t("score.total")), h("dd", {}, total == null ? t("score.na") : `${formatNumber(total)} %`),
      h("dt", {}, t("score.persona")), h("dd", {}, persona == null ? t("score.na") : `${formatNumber(persona)} %`),
      h("dt", {}, t("score.result")), h("dd", {}, evaluation.passed ? t("score.passed") : t("score.failed")),
      knockouts.length ? [h("dt", {}, t("score.knockouts")), h("dd", {}, knockouts.map((id) => questionText(definition, id)).join(", "))] : null),
    scores && scores.touchpoints ? table(t("score.touchpoints"), scoreEntries(scores.touchpoints), (id) => title((d) => d.touchpoints, id)) : null,
    scores && scores.steps ? table(t("score.steps"), scoreEntries(scores.steps), (id) => title((d) => d.steps, id)) : null,
    emotions.length ? table(t("score.emotions"), emotions, (id) => title((d) => d.steps, id), (value) => formatNumber(value)) : null);
}

/** Scores keyed by id as [id, value] pairs, whether the API sends a map or a list. */
function scoreEntries(scores) {
  if (Array.isArray(scores)) return scores.map((s) => [s.id, s.score ?? s.value ?? null]);
  return Object.entries(scores).map(([id, v]) => [id, v !== null && typeof v === "object" ? v.score ?? v.value ?? null : v]);
}

function answersCard(evaluation, definition, photoDialog) {
  const photosByQuestion = new Map();
  for (const photo of evaluation.photos || []) {
    if (!photosByQuestion.has(photo.question_id)) photosByQuestion.set(photo.question_id, []);
    photosByQuestion.get(photo.question_id).push(photo);
  }
  const sections = definition
    ? definition.sections.map((s) => [localized(s.title), s.questions])
    : [[t("evaluation.answers"), Object.keys(evaluation.answers).map((id) => ({ id, text: id, type: "text" }))]];
  return h("section", { class: "card", "aria-labelledby": "answers-title" },
    h("h2", { id: "answers-title", class: "small-title" }, t("evaluation.answers")),
    sections.map(([title, questions]) => {
      const answered = questions.filter((q) => evaluation.answers[q.id] || photosByQuestion.has(q.id));
      if (!answered.length) return null;
      return h("div", { class: "answer-section" }, h("h3", {}, title),
        h("dl", { class: "answers" }, answered.map((q) => [
          h("dt", {}, localized(q.text)),
          h("dd", {}, answerText(q, evaluation.answers[q.id]),
            evaluation.answers[q.id] && evaluation.answers[q.id].comment
              ? h("p", { class: "comment-text" }, "💬 ", evaluation.answers[q.id].comment) : null,
            photoStrip(photosByQuestion.get(q.id) || [], photoDialog)),
        ])));
    }));
}

/** An answer as words: option labels, yes/no, durations as m:ss. */
export function answerText(question, answer) {
  if (!answer) return "–";
  if (answer.na) return t("question.na");
  if (!hasValue(answer)) return question.type === "photo" ? "" : "–";
  const value = answer.value;
  const label = (v) => {
    const option = (question.options || []).find((o) => o.value === v);
    return option ? localized(option.label) : String(v);
  };
  switch (question.type) {
    case "yes_no": return value ? t("answer.yes") : t("answer.no");
    case "single_choice": return label(value);
    case "multi_choice": return value.map(label).join(", ");
    case "duration": return formatDuration(value);
    case "emotion": return t(`answer.emotion_${value}`);
    case "date": return formatDate(value);
    case "number": return `${value}${question.unit ? ` ${localized(question.unit)}` : ""}`;
    default: return String(value);
  }
}

function photoStrip(photos, dialog) {
  if (!photos.length) return null;
  return h("ul", { class: "photos" }, photos.map((photo, index) => {
    const image = h("img", { alt: t("photos.alt", { n: index + 1 }), width: 96, height: 96, loading: "lazy" });
    blob(`/photos/${photo.id}/thumbnail`).then((b) => { image.src = URL.createObjectURL(b); }, () => image.classList.add("remote"));
    return h("li", {}, h("button", {
      type: "button", class: "photo-open", "aria-label": t("photos.open", { n: index + 1 }),
      onclick: async () => {
        const large = h("img", { alt: t("photos.alt", { n: index + 1 }) });
        replace(dialog, large, h("form", { method: "dialog" }, h("button", { class: "secondary" }, t("photos.close"))));
        dialog.showModal();
        large.src = URL.createObjectURL(await blob(`/photos/${photo.id}/display`));
      },
    }, image));
  }));
}

function historyCard(evaluation) {
  if (!evaluation.review || !evaluation.review.length) return null;
  return h("section", { class: "card", "aria-labelledby": "history-title" },
    h("h2", { id: "history-title", class: "small-title" }, t("evaluation.history")),
    h("ol", { class: "history" }, evaluation.review.map((entry) => h("li", {},
      h("strong", {}, t(`review.action_${entry.action}`)), " · ",
      formatDate(entry.at, { dateStyle: "short", timeStyle: "short" }),
      entry.actor ? ` · ${entry.actor}` : "", ` · ${t("queue.revision", { revision: entry.revision })}`,
      entry.comment ? h("p", {}, entry.comment) : null))));
}
