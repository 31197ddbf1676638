// One project: its facts, waves and locations; planning; progress; assignments; one tab each.

import { h, replace } from "../dom.js";
import { formatDate, localized } from "../i18n.js";
import { allPages, getJson, patchJson, postJson } from "./http.js";
import { plannerPanel } from "./planner.js";
import { assignmentsPanel, progressPanel } from "./progress.js";
import { locationPicker } from "./projects.js";
import { ct } from "./texts.js";
import { busy, field, notice, pageHead, table, tabs, textInput } from "./ui.js";

const TABS = ["overview", "plan", "progress", "assignments"];

export async function render(main, app, projectId, tab = "overview") {
  const current = TABS.includes(tab) ? tab : "overview";
  const project = await getJson(`/projects/${projectId}`);
  const [checklist, locations] = await Promise.all([
    getJson(`/checklists/${project.checklist.key}?version=${project.checklist.version}`),
    allPages("/locations", { client_id: project.client.id }),
  ]);
  const definition = checklist.definition;
  const base = `#/console/projects/${project.id}`;
  const body = h("div", { class: "tab-body" });

  replace(main,
    h("p", { class: "crumbs" }, h("a", { href: "#/console/projects" }, ct("console.projects.title"))),
    pageHead(project.name),
    h("p", { class: "lead" }, `${project.client.name} · ${localized(definition.title)} (${project.checklist.key} v${project.checklist.version})`),
    tabs(ct("console.project.sections"), TABS.map((name) => [name === "overview" ? base : `${base}/${name}`,
      ct(`console.project.tab.${name}`)]), current === "overview" ? base : `${base}/${current}`),
    body);

  if (current === "overview") {
    replace(body, overview({ app, project, definition, locations }));
  } else if (current === "plan") {
    const testers = (await allPages("/users", { role: "tester" })).filter((u) => u.is_active);
    const inProject = locations.filter((loc) => project.location_ids.includes(loc.id));
    replace(body, plannerPanel({ project, definition, testers, locations: inProject }));
  } else if (current === "progress") {
    replace(body, await progressPanel({ project }));
  } else {
    replace(body, await assignmentsPanel({ project, definition }));
  }
  return null;
}

function overview({ app, project, definition, locations }) {
  const byId = new Map(locations.map((loc) => [loc.id, loc]));
  const waveMessage = notice();
  const name = textInput({ required: true, maxlength: 64 });
  const starts = h("input", { type: "date" });
  const ends = h("input", { type: "date" });
  const addWave = h("button", { type: "submit", class: "primary" }, ct("console.projects.add_wave"));
  const waveForm = h("form", { class: "form-grid compact", onsubmit: (event) => {
    event.preventDefault();
    busy(addWave, waveMessage, async () => {
      const wave = await postJson(`/projects/${project.id}/waves`, { name: name.value, starts_on: starts.value || null, ends_on: ends.value || null });
      app.announce(ct("console.project.wave_added", { name: wave.name }), { visible: true });
      app.navigate(`#/console/projects/${project.id}`);
    });
  } },
  h("h3", { class: "wide" }, ct("console.project.new_wave")),
  field(ct("console.projects.wave_name"), name), field(ct("console.projects.starts_on"), starts),
  field(ct("console.projects.ends_on"), ends), h("div", { class: "form-actions wide" }, addWave), waveMessage.element);

  const picker = locationPicker(ct("console.projects.locations"));
  picker.show(locations, new Set(project.location_ids));
  const locationMessage = notice();
  const saveLocations = h("button", { type: "button", class: "primary", onclick: () => busy(saveLocations, locationMessage, async () => {
    const updated = await patchJson(`/projects/${project.id}`, { location_ids: picker.chosen() });
    project.location_ids = updated.location_ids;
    locationMessage.show("ok", ct("console.project.locations_saved", { count: updated.location_ids.length }));
  }) }, ct("console.save"));

  return h("div", {},
    h("div", { class: "split" },
      h("section", { class: "panel", "aria-labelledby": "project-facts" },
        h("h2", { id: "project-facts" }, ct("console.project.facts")),
        h("dl", { class: "facts" },
          h("dt", {}, ct("console.projects.client")), h("dd", {}, h("a", { href: `#/console/clients/${project.client.id}` }, project.client.name)),
          h("dt", {}, ct("console.projects.template")), h("dd", {}, h("a", { href: `#/console/templates/${project.checklist.key}` },
            `${localized(definition.title)} (v${project.checklist.version})`)),
          h("dt", {}, ct("console.plan.personas")), h("dd", {}, definition.personas.map((p) => localized(p.title)).join(", ")),
          h("dt", {}, ct("console.projects.locations")), h("dd", {}, String(project.location_ids.length)))),
      h("section", { class: "panel", "aria-labelledby": "project-waves" },
        h("h2", { id: "project-waves" }, ct("console.projects.waves")),
        table({ caption: ct("console.projects.waves"), rows: project.waves, empty: ct("console.project.no_waves"), columns: [
          { title: ct("console.projects.wave_name"), cell: (w) => w.name },
          { title: ct("console.projects.starts_on"), cell: (w) => (w.starts_on ? formatDate(w.starts_on) : "—") },
          { title: ct("console.projects.ends_on"), cell: (w) => (w.ends_on ? formatDate(w.ends_on) : "—") },
        ] }),
        waveForm)),
    h("section", { class: "panel", "aria-labelledby": "project-locations" },
      h("h2", { id: "project-locations" }, ct("console.projects.locations")),
      h("p", { class: "muted small" }, ct("console.project.locations_hint", { count: byId.size })),
      picker.element, h("div", { class: "form-actions" }, saveLocations), locationMessage.element));
}
