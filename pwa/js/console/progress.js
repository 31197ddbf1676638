// How far a project's plan is, per wave and location, and the list of its assignments.

import { h, replace } from "../dom.js";
import { formatDate, localized } from "../i18n.js";
import { allPages, getJson, remove } from "./http.js";
import { ct } from "./texts.js";
import { busy, notice, statusTag, table } from "./ui.js";

/** The four stages the console shows; in review gathers held, returned and approved evaluations. */
export function stages(counts) {
  return {
    open: counts.open,
    submitted: counts.submitted,
    in_review: counts.on_hold + counts.returned + counts.approved,
    released: counts.released,
    total: counts.total,
  };
}
const STAGES = ["open", "submitted", "in_review", "released"];

function bar(counts) {
  const s = stages(counts);
  const element = h("span", { class: "progress-bar", "aria-hidden": "true" });
  for (const stage of STAGES) {
    if (!s[stage]) continue;
    const part = h("span", { class: `part part-${stage}` });
    part.style.setProperty("--share", String(s[stage] / Math.max(s.total, 1)));
    element.append(part);
  }
  return element;
}

function stageColumns() {
  return [
    ...STAGES.map((stage) => ({ title: ct(`console.progress.${stage}`), cell: (row) => String(stages(row.counts)[stage]), numeric: true })),
    { title: ct("console.progress.total"), cell: (row) => String(row.counts.total), numeric: true },
    { title: ct("console.progress.share"), cell: (row) => bar(row.counts) },
  ];
}

/** The progress tab: counts per wave and location by stage. */
export async function progressPanel({ project }) {
  const progress = await getJson(`/projects/${project.id}/progress`);
  const overall = stages(progress.counts);
  return h("div", {},
    h("ul", { class: "stats", "aria-label": ct("console.progress.overall") },
      STAGES.map((stage) => h("li", { class: `stat stat-${stage}` },
        h("span", { class: "stat-number" }, String(overall[stage])), h("span", {}, ct(`console.progress.${stage}`)))),
      h("li", { class: "stat" }, h("span", { class: "stat-number" }, String(overall.total)), h("span", {}, ct("console.progress.total")))),
    h("p", { class: "muted small" }, ct("console.progress.in_review_hint")),
    progress.waves.map((wave, index) => h("section", { class: "panel", "aria-labelledby": `wave-${index}` },
      h("div", { class: "panel-head" },
        h("h2", { id: `wave-${index}` }, wave.wave ? wave.wave.name : ct("console.plan.no_wave")),
        h("span", { class: "muted" }, ct("console.progress.wave_total", { total: wave.counts.total, released: wave.counts.released }))),
      table({
        caption: wave.wave ? wave.wave.name : ct("console.plan.no_wave"), className: "progress-table",
        rows: wave.locations, columns: [
          { title: ct("console.plan.location"), cell: (row) => `${row.location.code} · ${row.location.name}` },
          ...stageColumns(),
        ],
      }))));
}

/** The assignments tab: every assignment with its status; open ones can be removed. */
export async function assignmentsPanel({ project, definition }) {
  const message = notice();
  const box = h("div");
  const personaTitle = (id) => {
    const persona = definition.personas.find((p) => p.id === id);
    return persona ? localized(persona.title) : id;
  };
  async function load() {
    const items = await allPages("/assignments", { project_id: project.id });
    replace(box, table({
      caption: ct("console.project.assignments"), rows: items, empty: ct("console.project.no_assignments"),
      columns: [
        { title: ct("console.plan.location"), cell: (a) => `${a.location.code} · ${a.location.name}` },
        { title: ct("console.plan.persona"), cell: (a) => personaTitle(a.persona) },
        { title: ct("console.plan.tester"), cell: (a) => a.tester.display_name },
        { title: ct("console.plan.wave"), cell: (a) => (a.wave ? a.wave.name : "—") },
        { title: ct("console.project.window"), cell: (a) => `${formatDate(a.window_start)} – ${formatDate(a.window_end)}` },
        { title: ct("console.project.status"), cell: (a) => statusTag(a.status) },
        { title: ct("console.templates.actions"), cell: (a) => {
          if (a.status !== "open") return "";
          const button = h("button", { type: "button", class: "link danger",
            "aria-label": ct("console.project.remove_named", { location: a.location.name, tester: a.tester.display_name }),
            onclick: () => {
              if (!window.confirm(ct("console.project.remove_confirm"))) return;
              busy(button, message, async () => { await remove(`/assignments/${a.id}`); await load(); });
            } }, ct("console.project.remove"));
          return button;
        } },
      ],
    }));
  }
  await load();
  return h("div", {}, message.element, box);
}
