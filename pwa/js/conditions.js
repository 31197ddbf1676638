// Skip logic: the twin of backend/checklists/conditions.py (SCORING.md); shared vectors keep them in step.

const OPERATORS = ["equals", "not_equals", "in", "not_in", "gt", "gte", "lt", "lte", "answered"];
// Operators that hold when the question has no usable answer (unanswered, N/A or hidden).
const TRUE_WHEN_UNANSWERED = new Set(["not_equals", "not_in"]);

/** True when the answer carries a value and is not N/A. */
export function hasValue(answer) {
  if (!answer || answer.na) return false;
  const value = answer.value;
  if (value === null || value === undefined || value === "") return false;
  return !(Array.isArray(value) && value.length === 0);
}

/** True for an answer with a value, or (photo questions) with at least one photo, and not N/A. */
export function isAnswered(answer) {
  if (!answer || answer.na) return false;
  return hasValue(answer) || (Array.isArray(answer.photos) && answer.photos.length > 0);
}

/** The one operator a comparison uses. */
export function comparisonOperator(comparison) {
  const found = OPERATORS.find((name) => Object.prototype.hasOwnProperty.call(comparison, name));
  if (!found) throw new Error(`comparison on ${comparison.question} has no operator`);
  return found;
}

/** Evaluate a condition against the effective answers (only those of shown questions). */
export function evaluate(condition, answers) {
  if ("all" in condition) return condition.all.every((part) => evaluate(part, answers));
  if ("any" in condition) return condition.any.some((part) => evaluate(part, answers));
  if ("not" in condition) return !evaluate(condition.not, answers);
  return compare(condition, answers[condition.question]);
}

/** Ids of the questions shown to this persona with these answers, decided in template order. */
export function visibleQuestionIds(definition, persona, answers) {
  const effective = {};
  const visible = new Set();
  for (const section of definition.sections) {
    for (const question of section.questions) {
      if (Array.isArray(question.personas) && !question.personas.includes(persona)) continue;
      if (question.show_if && !evaluate(question.show_if, effective)) continue;
      visible.add(question.id);
      if (Object.prototype.hasOwnProperty.call(answers, question.id)) {
        effective[question.id] = answers[question.id];
      }
    }
  }
  return visible;
}

function compare(comparison, answer) {
  const operator = comparisonOperator(comparison);
  if (operator === "answered") return isAnswered(answer) === comparison.answered;
  if (!hasValue(answer)) return TRUE_WHEN_UNANSWERED.has(operator);
  const value = answer.value;
  switch (operator) {
    case "equals": return matches(value, [comparison.equals]);
    case "not_equals": return !matches(value, [comparison.not_equals]);
    case "in": return matches(value, comparison.in || []);
    case "not_in": return !matches(value, comparison.not_in || []);
    default: break;
  }
  if (typeof value !== "number") return false;
  const bound = comparison[operator];
  if (operator === "gt") return value > bound;
  if (operator === "gte") return value >= bound;
  if (operator === "lt") return value < bound;
  return value <= bound;
}

// True when the value (or, for a multi_choice list, any chosen value) equals one of the constants.
function matches(value, constants) {
  const chosen = Array.isArray(value) ? value : [value];
  return chosen.some((item) => constants.some((constant) => same(item, constant)));
}

function same(a, b) {
  const scalar = (x) => typeof x === "boolean" || typeof x === "number" || typeof x === "string";
  return scalar(a) && typeof a === typeof b && a === b;
}
