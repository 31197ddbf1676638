// The rules of filling one checklist: which questions apply, what is missing, progress, the payload.
// Pure functions of (definition, persona, answers): no DOM, no storage, no clock.

import { hasValue, isAnswered, visibleQuestionIds } from "./conditions.js";

export const SCORED_TYPES = new Set(["yes_no", "single_choice", "multi_choice", "scale", "number", "duration"]);

/** An empty answer in the shape the API takes. */
export const emptyAnswer = () => ({ value: null, na: false, comment: null, photos: [] });

/** The questions for this persona (before skip logic), with their section. */
export function personaQuestions(definition, persona) {
  const result = [];
  for (const section of definition.sections) {
    for (const question of section.questions) {
      if (Array.isArray(question.personas) && !question.personas.includes(persona)) continue;
      result.push({ section, question });
    }
  }
  return result;
}

/** How many photos a question takes: {min, max} (backend/checklists/template.py photo_rule). */
export function photoLimits(question) {
  if (question.photos) return { min: question.photos.min || 0, max: question.photos.max || 0 };
  if (question.type === "photo") return { min: question.required === false ? 0 : 1, max: 5 };
  return { min: 0, max: 0 };
}

/** The largest points a scored question can earn (SCORING.md). */
export function maxPoints(question) {
  const points = (list) => (list || []).map((item) => item.points || 0);
  switch (question.type) {
    case "yes_no":
    case "scale": return question.points ?? 1;
    case "single_choice": return Math.max(0, ...points(question.options));
    case "multi_choice": return question.max_points ?? points(question.options).reduce((a, b) => a + b, 0);
    case "number":
    case "duration": return Math.max(0, ...points(question.bands));
    default: return 0;
  }
}

/** The points an answer earns (SCORING.md), or null for unscored types and answers without a value. */
export function earnedPoints(question, answer) {
  if (!SCORED_TYPES.has(question.type) || !hasValue(answer)) return null;
  const value = answer.value;
  const top = maxPoints(question);
  switch (question.type) {
    case "yes_no": return value === (question.pass_on !== "no") ? top : 0;
    case "single_choice": {
      const option = (question.options || []).find((o) => o.value === value);
      return option ? option.points || 0 : 0;
    }
    case "multi_choice": {
      const chosen = (question.options || []).filter((o) => (value || []).includes(o.value));
      return Math.min(top, chosen.reduce((sum, o) => sum + (o.points || 0), 0));
    }
    case "scale": {
      const min = question.min ?? 1;
      const max = question.max ?? 5;
      return max > min ? (top * (value - min)) / (max - min) : 0;
    }
    default: {
      const band = (question.bands || []).find((b) =>
        (b.max === null || b.max === undefined || value <= b.max) &&
        (b.min === null || b.min === undefined || value >= b.min));
      return band ? band.points : 0;
    }
  }
}

/** A failed item: a scored answer that earned less than the full points. */
export function isFailed(question, answer) {
  const earned = earnedPoints(question, answer);
  return earned !== null && earned < maxPoints(question);
}

/** Whether a comment is required now for this question and answer. */
export function commentRequired(question, answer) {
  if (question.comment === "required") return hasValue(answer);
  return question.comment === "required_on_fail" && isFailed(question, answer);
}

/**
 * What keeps one visible question from being complete, as problem codes (empty when done);
 * the same checks, in the same order, as the server's submission_problems.
 */
export function questionProblems(question, answer) {
  const answered = Boolean(answer) && (answer.na || hasValue(answer) ||
    (question.type === "photo" && (answer.photos || []).length > 0));
  if (question.required !== false && !answered) return ["required"];
  if (!answer || answer.na) return [];
  const problems = [];
  if (hasValue(answer) && outOfRange(question, answer.value)) problems.push("range");
  const photos = (answer.photos || []).length;
  const limits = photoLimits(question);
  if (photos < limits.min) problems.push("photos_min");
  if (photos > limits.max) problems.push("photos_max");
  const comment = answer.comment ? answer.comment.trim() : "";
  if (!comment && commentRequired(question, answer)) problems.push("comment");
  return problems;
}

function outOfRange(question, value) {
  if (!["number", "duration"].includes(question.type) || typeof value !== "number") return false;
  const min = question.min ?? (question.type === "duration" ? 0 : null);
  return (min !== null && value < min) || (question.max != null && value > question.max);
}

/** The state of the whole form: visible ids, problems per question and progress per section. */
export function formState(definition, persona, answers) {
  const visible = visibleQuestionIds(definition, persona, answers);
  const problems = new Map();
  const sections = [];
  for (const section of definition.sections) {
    let total = 0;
    let complete = 0;
    for (const question of section.questions) {
      if (!visible.has(question.id)) continue;
      const answer = answers[question.id];
      const found = questionProblems(question, answer);
      if (found.length) problems.set(question.id, found);
      // Progress counts required questions and optional ones the tester started on.
      if (question.required === false && !isAnswered(answer) && !(answer && answer.na)) continue;
      total += 1;
      if (!found.length) complete += 1;
    }
    sections.push({ id: section.id, total, complete });
  }
  return { visible, problems, sections };
}

/** The missing items, in template order: [{section, question, problems}]. */
export function missingItems(definition, persona, answers) {
  const state = formState(definition, persona, answers);
  return personaQuestions(definition, persona)
    .filter(({ question }) => state.problems.has(question.id))
    .map(({ section, question }) => ({ section, question, problems: state.problems.get(question.id) }));
}

/** Every photo id the answers name. */
export function photoIds(answers) {
  return Object.values(answers).flatMap((answer) => (answer && answer.photos) || []);
}

/** The PUT /evaluations/{id} body for a finished draft. */
export function evaluationPayload(draft) {
  const answers = {};
  for (const [questionId, answer] of Object.entries(draft.answers)) {
    const comment = answer.comment && answer.comment.trim() ? answer.comment.trim() : null;
    const touched = answer.na || hasValue(answer) || comment || (answer.photos || []).length;
    if (!touched) continue;
    answers[questionId] = {
      value: answer.na ? null : answer.value ?? null,
      na: Boolean(answer.na),
      comment,
      photos: [...(answer.photos || [])],
    };
  }
  return {
    assignment_id: draft.assignment_id,
    persona: draft.persona,
    answers,
    visit_started_at: draft.visit_started_at,
    visit_ended_at: draft.visit_ended_at,
    position: draft.position || null,
    // A correction names the revision it replaces: unchanged answers are then a new revision, not a replay.
    ...(draft.returned ? { replaces_revision: draft.returned.revision } : {}),
  };
}
