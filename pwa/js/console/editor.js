// Edit a template: YAML with line numbers, checked by the server as you type, a live phone preview per
// persona, and publishing as a new immutable version.

import { ApiError } from "../api.js";
import { h, replace, uid } from "../dom.js";
import { formatDate, localized } from "../i18n.js";
import { codeEditor } from "./code-editor.js";
import { getJson, postText, problemText } from "./http.js";
import { phonePreview } from "./preview.js";
import { ct } from "./texts.js";
import { dropDraft, loadDraft, saveDraft } from "./template-drafts.js";
import { busy, notice, pageHead } from "./ui.js";

const CHECK_DELAY_MS = 600;
const CONTENT_TYPES = { yaml: "application/yaml", json: "application/json" };

export async function render(main, app, key) {
  const template = (await getJson("/checklists")).find((tpl) => tpl.key === key) || null;
  let draft = loadDraft(key);
  if (!template && !(draft && draft.isNew)) {
    replace(main, pageHead(ct("console.editor.missing", { key })),
      h("p", {}, h("a", { href: "#/console/templates/new" }, ct("console.templates.new"))));
    return null;
  }
  let published = null;
  if (template) {
    published = await getJson(`/checklists/${key}/versions/${template.latest_version}/source`);
    if (draft && (draft.isNew || draft.source === published.source)) { dropDraft(key); draft = null; }
  }
  const format = draft ? draft.format : published.source_format;
  const startText = draft ? draft.source : published.source;

  const issuesId = uid("issues");
  const status = h("p", { class: "check-status", id: issuesId, role: "status" });
  const issueList = h("ol", { class: "issues" });
  const message = notice();
  const restored = notice();
  const preview = phonePreview();
  const personaChoice = h("div", { class: "persona-switch", role: "radiogroup", "aria-label": ct("console.preview.persona") });
  const stale = h("p", { class: "stale-note", hidden: true }, ct("console.preview.stale"));
  const previewBody = h("div", { class: "preview-body" }, h("p", { class: "muted" }, ct("console.preview.waiting")));
  let definition = null;
  let persona = null;

  const editor = codeEditor({
    text: startText, label: ct("console.editor.source", { format: format.toUpperCase() }), describedBy: issuesId,
    onInput: (text) => {
      saveDraft(key, { source: text, format, isNew: !template, base: draft ? draft.base : null });
      schedule();
    },
  });

  // One check at a time; edits made meanwhile are checked right after, stale answers are ignored.
  let timer = null;
  let running = false;
  let again = false;
  function schedule() {
    clearTimeout(timer);
    status.textContent = ct("console.editor.checking");
    status.className = "check-status";
    timer = setTimeout(check, CHECK_DELAY_MS);
  }
  async function check() {
    if (running) { again = true; return; }
    running = true;
    const text = editor.value();
    try {
      const result = await postText("/checklists/validate", text, CONTENT_TYPES[format]);
      if (text === editor.value()) showIssues(result.issues);
      if (result.valid) {
        const parsed = await postText("/checklists/preview", text, CONTENT_TYPES[format]);
        if (parsed.valid && text === editor.value()) showPreview(parsed.definition);
      } else {
        stale.hidden = definition === null;
      }
    } catch (error) {
      status.textContent = problemText(error);
    } finally {
      running = false;
      if (again) { again = false; check(); }
    }
  }

  function showIssues(issues) {
    status.textContent = issues.length ? ct("console.editor.problems", { count: issues.length }) : ct("console.editor.valid");
    status.className = `check-status ${issues.length ? "bad" : "good"}`;
    const marks = new Map();
    for (const issue of issues) if (issue.line) marks.set(issue.line, [marks.get(issue.line), issue.message].filter(Boolean).join("\n"));
    editor.setMarks(marks);
    replace(issueList, issues.map((issue) => h("li", {},
      issue.line
        ? h("button", { type: "button", class: "issue", onclick: () => editor.jumpTo(issue.line) },
          h("span", { class: "issue-line" }, ct("console.editor.line", { line: issue.line })),
          h("span", { class: "issue-message" }, issue.message),
          issue.path ? h("code", { class: "issue-path" }, issue.path) : null)
        : h("span", { class: "issue" }, h("span", { class: "issue-message" }, issue.message),
          issue.path ? h("code", { class: "issue-path" }, issue.path) : null))));
  }

  function showPreview(next) {
    const ids = (d) => JSON.stringify(d.sections.map((s) => s.questions.map((q) => q.id)));
    if (definition && ids(definition) !== ids(next)) preview.reset();
    definition = next;
    stale.hidden = true;
    if (!definition.personas.some((p) => p.id === persona)) persona = definition.personas[0] ? definition.personas[0].id : null;
    replace(personaChoice, definition.personas.map((p) => {
      const id = uid("persona");
      return h("span", { class: "persona-option" },
        h("input", { type: "radio", name: "preview-persona", id, value: p.id, checked: p.id === persona,
          onchange: () => { persona = p.id; preview.show(definition, persona); } }),
        h("label", { for: id }, localized(p.title)));
    }));
    replace(previewBody, preview.element);
    preview.show(definition, persona);
  }

  const publish = h("button", { type: "button", class: "primary", onclick: () => busy(publish, message, async () => {
    const text = editor.value();
    let version;
    try {
      version = template
        ? await postText(`/checklists/${key}/versions`, text, CONTENT_TYPES[format])
        : await postText("/checklists", text, CONTENT_TYPES[format]);
    } catch (error) {
      if (error instanceof ApiError && Array.isArray(error.problem.errors)) {
        showIssues(error.problem.errors.map((e) => ({ line: e.line, path: e.path, message: e.message })));
      }
      throw error;
    }
    dropDraft(key);
    const unchanged = template && version.version === template.latest_version;
    app.announce(unchanged ? ct("console.editor.unchanged") : ct("console.editor.published", { version: version.version }), { visible: true });
    if (!template || !unchanged) app.navigate(`#/console/templates/${version.key}`);
  }) }, template ? ct("console.editor.publish_version", { version: template.latest_version + 1 }) : ct("console.editor.publish_first"));

  const discard = h("button", { type: "button", class: "secondary", onclick: () => {
    dropDraft(key);
    app.navigate(template ? `#/console/templates/${key}` : "#/console/templates");
  } }, ct("console.editor.discard"));
  if (draft && template) restored.show("info", ct("console.editor.restored"));

  const versionFacts = template
    ? ct("console.editor.latest", { version: template.latest_version,
      date: formatDate(template.versions.at(-1).published_at) })
    : ct("console.editor.new_from", { base: draft.base || "" });

  replace(main,
    h("p", { class: "crumbs" }, h("a", { href: "#/console/templates" }, ct("console.templates.title"))),
    pageHead(template ? ct("console.editor.title", { key }) : ct("console.editor.title_new", { key }),
      template && template.versions.length > 1
        ? h("a", { class: "button secondary", href: `#/console/templates/${key}/diff` }, ct("console.templates.compare")) : null,
      draft || !template ? discard : null,
      publish),
    h("p", { class: "lead" }, versionFacts),
    restored.element,
    message.element,
    h("div", { class: "editor-layout" },
      h("section", { class: "panel editor-panel", "aria-labelledby": "editor-title" },
        h("div", { class: "panel-head" }, h("h2", { id: "editor-title" }, ct("console.editor.source_title")), status),
        issueList,
        editor.element),
      h("section", { class: "panel preview-panel", "aria-labelledby": "preview-title" },
        h("h2", { id: "preview-title" }, ct("console.preview.title")),
        h("div", { class: "preview-head" },
          h("p", { class: "muted small" }, ct("console.preview.persona")),
          h("button", { type: "button", class: "link", onclick: () => { preview.reset(); if (definition) preview.show(definition, persona); } },
            ct("console.preview.reset"))),
        personaChoice, stale, previewBody)));
  check();
  return () => clearTimeout(timer);
}
