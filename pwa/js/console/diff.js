// Compare two versions of a template: questions added, removed and changed, and every weight that moved.
// Pure functions of two definitions (as GET /checklists/{key}?version=N returns them): no DOM, no requests.

/** JSON with sorted keys, so that equal values compare equal whatever their key order. */
export function stableJson(value) {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value === undefined ? null : value);
}

const same = (a, b) => stableJson(a) === stableJson(b);

/** The questions in template order, each with the id of its section. */
export function questionsOf(definition) {
  const found = new Map();
  for (const section of definition.sections || []) {
    for (const question of section.questions || []) found.set(question.id, { ...question, section: section.id });
  }
  return found;
}

/** The fields of a question that differ between two versions: [{field, before, after}], in a fixed order. */
export function fieldChanges(before, after) {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => f !== "id").sort();
  return fields.filter((f) => !same(before[f], after[f])).map((f) => ({ field: f, before: before[f], after: after[f] }));
}

/** Ids of both versions in one order: the newer version's, each removed question after its old neighbour. */
function mergedOrder(before, after) {
  const removedAfter = new Map();
  let anchor = "";
  for (const id of before.keys()) {
    if (after.has(id)) anchor = id;
    else removedAfter.set(anchor, [...(removedAfter.get(anchor) || []), id]);
  }
  const order = [...(removedAfter.get("") || [])];
  for (const id of after.keys()) order.push(id, ...(removedAfter.get(id) || []));
  return order;
}

function byId(list) {
  return new Map((list || []).map((item) => [item.id, item]));
}

/** Items of a list (steps, touchpoints, personas) added, removed or changed, by id. */
function listChanges(beforeList, afterList, ignore = []) {
  const before = byId(beforeList);
  const after = byId(afterList);
  const strip = (item) => Object.fromEntries(Object.entries(item).filter(([k]) => !ignore.includes(k)));
  return {
    added: [...after.keys()].filter((id) => !before.has(id)).map((id) => after.get(id)),
    removed: [...before.keys()].filter((id) => !after.has(id)).map((id) => before.get(id)),
    changed: [...after.keys()].filter((id) => before.has(id) && !same(strip(before.get(id)), strip(after.get(id))))
      .map((id) => ({ before: before.get(id), after: after.get(id) })),
  };
}

/** Persona x touchpoint weights that differ (a touchpoint a persona does not name weighs 1). */
function personaWeightChanges(before, after) {
  const personasBefore = byId(before.personas);
  const touchpoints = [...new Set([...(before.touchpoints || []), ...(after.touchpoints || [])].map((t) => t.id))];
  const changes = [];
  for (const persona of after.personas || []) {
    const old = personasBefore.get(persona.id);
    if (!old) continue;
    for (const touchpoint of touchpoints) {
      const was = (old.weights || {})[touchpoint] ?? 1;
      const is = (persona.weights || {})[touchpoint] ?? 1;
      if (was !== is) changes.push({ persona: persona.id, touchpoint, before: was, after: is });
    }
  }
  return changes;
}

const SETTINGS = ["title", "description", "kind", "languages", "pass_threshold"];

/**
 * Everything that differs between two template versions:
 * {questions: [{id, status: added|removed|changed|unchanged, before, after, changes, weightChanged}],
 *  personaWeights, steps, touchpoints, personas, settings, summary: {added, removed, changed, weights}}.
 */
export function diffTemplates(before, after) {
  const a = questionsOf(before);
  const b = questionsOf(after);
  const questions = mergedOrder(a, b).map((id) => {
    if (!a.has(id)) return { id, status: "added", before: null, after: b.get(id), changes: [], weightChanged: false };
    if (!b.has(id)) return { id, status: "removed", before: a.get(id), after: null, changes: [], weightChanged: false };
    const changes = fieldChanges(a.get(id), b.get(id));
    return { id, status: changes.length ? "changed" : "unchanged", before: a.get(id), after: b.get(id), changes,
      weightChanged: changes.some((c) => c.field === "weight") };
  });
  const personaWeights = personaWeightChanges(before, after);
  return {
    questions,
    personaWeights,
    steps: listChanges(before.steps, after.steps),
    touchpoints: listChanges(before.touchpoints, after.touchpoints),
    personas: listChanges(before.personas, after.personas, ["weights"]),
    settings: SETTINGS.filter((f) => !same(before[f], after[f])).map((f) => ({ field: f, before: before[f], after: after[f] })),
    summary: {
      added: questions.filter((q) => q.status === "added").length,
      removed: questions.filter((q) => q.status === "removed").length,
      changed: questions.filter((q) => q.changes.some((c) => c.field !== "weight")).length,
      weights: questions.filter((q) => q.weightChanged).length + personaWeights.length,
    },
  };
}
