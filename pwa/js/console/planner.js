// Planning a project's visits: the whole wave at once (personas rotated, testers spread evenly, a lockout),
// one visit at a time, or a CSV file; all through POST /projects/{id}/plan and .../assignments/import.

import { h, replace, saveBlob } from "../dom.js";
import { localized } from "../i18n.js";
import { dataRows, parseCsv } from "./csv.js";
import { fieldErrors, postJson, problemText, query, sendFile } from "./http.js";
import { ct } from "./texts.js";
import { busy, checkbox, field, notice, select, table } from "./ui.js";

const DEFAULT_LOCKOUT = 90;
const CSV_HEADER = "location_code;persona;tester_email;window_start;window_end;wave";

function lockoutInput() {
  return h("input", { type: "number", min: 0, max: 3650, step: 1, value: DEFAULT_LOCKOUT, class: "short" });
}

function windowInputs(project, waveSelect) {
  const start = h("input", { type: "date", required: true });
  const end = h("input", { type: "date", required: true });
  const fill = () => {
    const wave = project.waves.find((w) => String(w.id) === waveSelect.value);
    if (wave && wave.starts_on) start.value = wave.starts_on;
    if (wave && wave.ends_on) end.value = wave.ends_on;
  };
  waveSelect.addEventListener("change", fill);
  fill();
  return { start, end };
}

function waveSelect(project) {
  return select([...project.waves.map((w) => [w.id, w.name]), ["", ct("console.plan.no_wave")]],
    { value: project.waves.length ? project.waves.at(-1).id : "" });
}

/** The plan's answer: what was (or would be) made, what could not be staffed and why, the load per tester. */
function planResult(result, personaTitle) {
  const summary = ct(result.dry_run ? "console.plan.summary_dry" : "console.plan.summary", {
    planned: result.planned.length, unstaffed: result.unstaffed.length, existing: result.already_assigned.length });
  return h("div", { class: "plan-result" },
    h("p", { class: "plan-summary" }, summary),
    result.testers.length ? h("ul", { class: "chips", "aria-label": ct("console.plan.load") },
      result.testers.map((tl) => h("li", { class: "chip" }, `${tl.tester.display_name}: ${tl.planned}`))) : null,
    result.unstaffed.length ? [h("h4", {}, ct("console.plan.unstaffed")), table({
      caption: ct("console.plan.unstaffed"), className: "unstaffed", rows: result.unstaffed, columns: [
        { title: ct("console.plan.location"), cell: (u) => `${u.location.code} · ${u.location.name}` },
        { title: ct("console.plan.persona"), cell: (u) => personaTitle(u.persona) },
        { title: ct("console.plan.reason"), cell: (u) => ct(`console.plan.reason.${u.reason}`) },
      ] })] : null,
    result.planned.length ? [h("h4", {}, ct(result.dry_run ? "console.plan.planned_dry" : "console.plan.planned")), table({
      caption: ct("console.plan.planned"), className: "planned", rows: result.planned, columns: [
        { title: ct("console.plan.location"), cell: (p) => `${p.location.code} · ${p.location.name}` },
        { title: ct("console.plan.persona"), cell: (p) => personaTitle(p.persona) },
        { title: ct("console.plan.tester"), cell: (p) => p.tester.display_name },
      ] })] : null);
}

/** The planning tab of a project. */
export function plannerPanel({ project, definition, testers, locations }) {
  const toProgress = () => h("a", { href: `#/console/projects/${project.id}/progress` }, ct("console.plan.see_progress"));
  const personaTitle = (id) => {
    const persona = definition.personas.find((p) => p.id === id);
    return persona ? localized(persona.title) : id;
  };

  // Whole wave
  const wave = waveSelect(project);
  const dates = windowInputs(project, wave);
  const testerBoxes = h("fieldset", { class: "picker" }, h("legend", {}, ct("console.plan.testers")),
    h("div", { class: "picker-list" }, testers.map((tester) => checkbox(
      [tester.display_name, " ", h("span", { class: "check-detail" }, tester.email)],
      { value: String(tester.id), checked: true, name: "plan-tester" }))));
  const personaBoxes = h("fieldset", { class: "picker" }, h("legend", {}, ct("console.plan.personas")),
    h("div", { class: "picker-list" }, definition.personas.map((p) => checkbox(localized(p.title),
      { value: p.id, checked: true, name: "plan-persona" }))));
  const visits = select([["", ct("console.plan.every_persona")],
    ...definition.personas.slice(0, -1).map((_, i) => [i + 1, ct("console.plan.n_personas", { n: i + 1 })])]);
  const lockout = lockoutInput();
  const bulkMessage = notice();
  const bulkResult = h("div", { "aria-live": "polite" });
  let lastDryRun = null;

  const request = (dryRun) => ({
    wave_id: wave.value ? Number(wave.value) : null,
    window_start: dates.start.value || null, window_end: dates.end.value || null,
    tester_ids: [...testerBoxes.querySelectorAll("input:checked")].map((i) => Number(i.value)),
    personas: [...personaBoxes.querySelectorAll("input:checked")].map((i) => i.value),
    visits_per_location: visits.value ? Number(visits.value) : null,
    lockout_days: Number(lockout.value || 0), dry_run: dryRun,
  });
  const create = h("button", { type: "button", class: "primary", disabled: true, onclick: async () => {
    const created = await busy(create, bulkMessage, async () => {
      const result = await postJson(`/projects/${project.id}/plan`, { ...lastDryRun, dry_run: false });
      replace(bulkResult, planResult(result, personaTitle));
      bulkMessage.show("ok", ct("console.plan.created", { count: result.planned.length }), " ", toProgress());
      return true;
    });
    // A plan is made once; planning again starts from a new preview.
    if (created) create.disabled = true;
  } }, ct("console.plan.create"));
  const dryRun = h("button", { type: "submit", class: "secondary" }, ct("console.plan.preview"));
  const bulk = h("form", { class: "form-grid compact", onsubmit: (event) => {
    event.preventDefault();
    busy(dryRun, bulkMessage, async () => {
      lastDryRun = request(true);
      const result = await postJson(`/projects/${project.id}/plan`, lastDryRun);
      replace(bulkResult, planResult(result, personaTitle));
      create.disabled = result.planned.length === 0;
    });
  } },
  field(ct("console.plan.wave"), wave), field(ct("console.plan.window_start"), dates.start),
  field(ct("console.plan.window_end"), dates.end),
  field(ct("console.plan.visits"), visits, { hint: ct("console.plan.visits_hint") }),
  field(ct("console.plan.lockout"), lockout, { hint: ct("console.plan.lockout_hint") }),
  h("div", { class: "wide pickers" }, testerBoxes, personaBoxes),
  h("div", { class: "form-actions wide" }, dryRun, create),
  bulkMessage.element);
  // Any change of the inputs makes the previewed plan stale: preview again before creating it.
  bulk.addEventListener("input", () => { create.disabled = true; });
  bulk.addEventListener("change", () => { create.disabled = true; });

  // One visit
  const oneWave = waveSelect(project);
  const oneWindow = windowInputs(project, oneWave);
  const oneLocation = select(locations.map((loc) => [loc.id, `${loc.code} · ${loc.name}`]));
  const onePersona = select(definition.personas.map((p) => [p.id, localized(p.title)]));
  const oneTester = select(testers.map((tester) => [tester.id, tester.display_name]));
  const oneLockout = lockoutInput();
  const oneMessage = notice();
  const oneSubmit = h("button", { type: "submit", class: "primary" }, ct("console.plan.assign"));
  const single = h("form", { class: "form-grid compact", onsubmit: (event) => {
    event.preventDefault();
    busy(oneSubmit, oneMessage, async () => {
      const result = await postJson(`/projects/${project.id}/plan`, {
        wave_id: oneWave.value ? Number(oneWave.value) : null, window_start: oneWindow.start.value,
        window_end: oneWindow.end.value, tester_ids: [Number(oneTester.value)], personas: [onePersona.value],
        location_ids: [Number(oneLocation.value)], visits_per_location: 1, lockout_days: Number(oneLockout.value || 0) });
      if (result.planned.length) {
        oneMessage.show("ok", ct("console.plan.assigned", { tester: result.planned[0].tester.display_name,
          location: result.planned[0].location.name }), " ", toProgress());
      } else if (result.already_assigned.length) {
        oneMessage.show("error", ct("console.plan.already"));
      } else {
        oneMessage.show("error", ct(`console.plan.reason.${result.unstaffed[0].reason}`));
      }
    });
  } },
  field(ct("console.plan.location"), oneLocation), field(ct("console.plan.persona"), onePersona),
  field(ct("console.plan.tester"), oneTester), field(ct("console.plan.wave"), oneWave),
  field(ct("console.plan.window_start"), oneWindow.start), field(ct("console.plan.window_end"), oneWindow.end),
  field(ct("console.plan.lockout"), oneLockout),
  h("div", { class: "form-actions wide" }, oneSubmit), oneMessage.element);

  // CSV
  const file = h("input", { type: "file", accept: ".csv,text/csv" });
  const csvLockout = lockoutInput();
  const csvMessage = notice();
  const csvRows = h("div");
  const csvSubmit = h("button", { type: "button", class: "primary", onclick: () => busy(csvSubmit, null, async () => {
    csvMessage.clear();
    if (!file.files[0]) { csvMessage.show("error", ct("console.import.choose_file")); return; }
    const records = parseCsv(await file.files[0].text());
    let byRow = new Map();
    let created = false;
    try {
      const result = await sendFile("POST", `/projects/${project.id}/assignments/import${query({ lockout_days: csvLockout.value })}`, file.files[0]);
      csvMessage.show("ok", ct("console.plan.imported", { count: result.created }), " ", toProgress());
      created = true;
    } catch (error) {
      for (const e of fieldErrors(error)) byRow.set(e.row, [...(byRow.get(e.row) || []), e]);
      csvMessage.show("error", h("p", {}, problemText(error)),
        byRow.has(1) ? h("ul", {}, byRow.get(1).map((e) => h("li", {}, [e.column, e.message].filter(Boolean).join(": ")))) : null);
    }
    const header = records[0] || [];
    replace(csvRows, table({
      caption: ct("console.import.rows_title"),
      rows: dataRows(records).map((r) => ({ ...r, rowClass: byRow.has(r.row) ? "row-error" : null })),
      columns: [
        { title: ct("console.import.row"), cell: (r) => String(r.row), numeric: true },
        ...header.slice(0, 6).map((title, index) => ({ title, cell: (r) => r.cells[index] || "" })),
        { title: ct("console.import.result"), cell: (r) => (byRow.has(r.row)
          ? h("ul", { class: "row-errors" }, byRow.get(r.row).map((e) => h("li", {}, h("strong", {}, e.column), ": ", e.message)))
          : h("span", { class: created ? "result-ok" : "result-muted" }, ct(created ? "console.import.created" : "console.import.not_imported"))) },
      ],
    }));
  }) }, ct("console.plan.import"));

  return h("div", { class: "planner" },
    h("section", { class: "panel", "aria-labelledby": "plan-bulk" },
      h("h2", { id: "plan-bulk" }, ct("console.plan.bulk_title")),
      h("p", { class: "muted small" }, ct("console.plan.bulk_hint")),
      bulk, bulkResult),
    h("div", { class: "split" },
      h("section", { class: "panel", "aria-labelledby": "plan-one" },
        h("h2", { id: "plan-one" }, ct("console.plan.one_title")), single),
      h("section", { class: "panel", "aria-labelledby": "plan-csv" },
        h("h2", { id: "plan-csv" }, ct("console.plan.csv_title")),
        h("p", { class: "muted small" }, ct("console.plan.csv_hint")),
        field(ct("console.import.file"), file), field(ct("console.plan.lockout"), csvLockout),
        h("div", { class: "form-actions" }, csvSubmit,
          h("button", { type: "button", class: "link", onclick: () => saveBlob(new Blob([`${CSV_HEADER}\n`], { type: "text/csv" }), "auftraege.csv") },
            ct("console.import.sample"))),
        csvMessage.element, csvRows)));
}
