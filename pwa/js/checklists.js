// The checklist a project is filled against, fetched once per page load, and the titles in it: every view
// that names a persona, question or touchpoint takes its words from here, never shows a raw id.

import { projects, send } from "./api.js";
import { localized } from "./i18n.js";

const byProject = new Map();
let projectList = null;

/** The checklist definition of a project (the project object, or its id), or null when it cannot be read. */
export function projectChecklist(project) {
  const id = typeof project === "object" ? project.id : project;
  if (!byProject.has(id)) byProject.set(id, load(project).catch(() => null));
  return byProject.get(id);
}

async function load(project) {
  if (typeof project !== "object" || !project.checklist) {
    projectList = projectList || projects();
    project = (await projectList).find((p) => p.id === (typeof project === "object" ? project.id : project));
  }
  if (!project || !project.checklist) return null;
  const response = await send("GET", `/checklists/${project.checklist.key}?version=${project.checklist.version}`);
  return (await response.json()).definition;
}

/** A persona's, touchpoint's or step's title from a definition list, else its id. */
export function titleOf(list, id) {
  const found = (list || []).find((entry) => entry.id === id);
  return found ? localized(found.title) : id;
}

/** A question's text, else its id. */
export function questionText(definition, questionId) {
  for (const section of (definition && definition.sections) || []) {
    const question = (section.questions || []).find((q) => q.id === questionId);
    if (question) return localized(question.text);
  }
  return questionId;
}
