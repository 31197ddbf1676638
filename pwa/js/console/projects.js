// Projects: each a client engagement with one checklist version, its waves and locations.

import { h, replace } from "../dom.js";
import { allPages, getJson, postJson } from "./http.js";
import { ct } from "./texts.js";
import { busy, checkbox, field, notice, pageHead, select, table, textInput } from "./ui.js";

/** Rows of wave inputs (name, start, end) with a button for one more; `values()` gives the filled ones. */
export function waveRows() {
  const rows = h("div", { class: "wave-rows" });
  function add(name = "") {
    const number = rows.children.length + 1;
    const row = h("div", { class: "wave-row", role: "group", "aria-label": ct("console.projects.wave_n", { n: number }) },
      field(ct("console.projects.wave_name"), textInput({ maxlength: 64, value: name, class: "wave-name" })),
      field(ct("console.projects.starts_on"), h("input", { type: "date", class: "wave-start" })),
      field(ct("console.projects.ends_on"), h("input", { type: "date", class: "wave-end" })));
    rows.append(row);
  }
  add();
  return {
    element: h("div", {}, rows, h("button", { type: "button", class: "link", onclick: () => add() }, ct("console.projects.add_wave"))),
    values: () => [...rows.children].map((row) => ({
      name: row.querySelector(".wave-name").value.trim(),
      starts_on: row.querySelector(".wave-start").value || null,
      ends_on: row.querySelector(".wave-end").value || null,
    })).filter((wave) => wave.name),
  };
}

/** Checkboxes for locations with "all"; `chosen()` gives the ticked ids. */
export function locationPicker(label) {
  const box = h("fieldset", { class: "location-picker" }, h("legend", {}, label));
  const list = h("div", { class: "picker-list" });
  let inputs = [];
  const all = checkbox(ct("console.projects.all_locations"), { onchange: (e) => inputs.forEach((i) => { i.checked = e.target.checked; }) });
  box.append(all, list);
  return {
    element: box,
    show(locations, selected = new Set()) {
      replace(list, locations.length ? locations.map((loc) => checkbox(`${loc.code} · ${loc.name}`,
        { value: String(loc.id), checked: selected.has(loc.id) })) : h("p", { class: "muted" }, ct("console.locations.none")));
      inputs = [...list.querySelectorAll("input")];
      all.querySelector("input").checked = inputs.length > 0 && inputs.every((i) => i.checked);
    },
    chosen: () => inputs.filter((i) => i.checked).map((i) => Number(i.value)),
  };
}

export async function render(main, app) {
  const [projects, clients, templates] = await Promise.all([getJson("/projects"), getJson("/clients"), getJson("/checklists")]);
  const message = notice();
  const client = select([["", ct("console.choose")], ...clients.map((c) => [c.id, c.name])], { required: true });
  const name = textInput({ required: true, maxlength: 200 });
  const template = select([["", ct("console.choose")], ...templates.map((tpl) => [tpl.key, `${tpl.versions.at(-1).title} (${tpl.key})`])], { required: true });
  const version = select([], { required: true });
  const waves = waveRows();
  const picker = locationPicker(ct("console.projects.locations"));
  picker.show([]);

  template.addEventListener("change", () => {
    const chosen = templates.find((tpl) => tpl.key === template.value);
    replace(version, (chosen ? [...chosen.versions].reverse() : []).map((v) =>
      h("option", { value: String(v.version_id) }, `v${v.version} · ${v.title}`)));
  });
  client.addEventListener("change", async () => {
    picker.show(client.value ? await allPages("/locations", { client_id: client.value }) : []);
  });

  const submit = h("button", { type: "submit", class: "primary" }, ct("console.projects.create"));
  const form = h("form", { class: "panel form-grid", onsubmit: (event) => {
    event.preventDefault();
    busy(submit, message, async () => {
      const project = await postJson("/projects", { client_id: Number(client.value), name: name.value,
        checklist_version_id: Number(version.value), waves: waves.values(), location_ids: picker.chosen() });
      app.announce(ct("console.projects.created", { name: project.name }), { visible: true });
      app.navigate(`#/console/projects/${project.id}`);
    });
  } },
  h("h2", { class: "wide" }, ct("console.projects.new")),
  field(ct("console.projects.client"), client),
  field(ct("console.projects.name"), name),
  field(ct("console.projects.template"), template),
  field(ct("console.projects.version"), version),
  h("div", { class: "wide" }, h("h3", {}, ct("console.projects.waves")), waves.element),
  h("div", { class: "wide" }, picker.element),
  message.element,
  h("div", { class: "form-actions wide" }, submit));

  replace(main,
    pageHead(ct("console.projects.title")),
    table({
      caption: ct("console.projects.title"), rows: projects, empty: ct("console.projects.none"),
      columns: [
        { title: ct("console.projects.name"), cell: (p) => h("a", { href: `#/console/projects/${p.id}` }, p.name) },
        { title: ct("console.projects.client"), cell: (p) => p.client.name },
        { title: ct("console.projects.template"), cell: (p) => `${p.checklist.key} v${p.checklist.version}` },
        { title: ct("console.projects.waves"), cell: (p) => p.waves.map((w) => w.name).join(", ") || "—" },
        { title: ct("console.projects.locations"), cell: (p) => String(p.location_ids.length), numeric: true },
      ],
    }),
    form);
  return null;
}
