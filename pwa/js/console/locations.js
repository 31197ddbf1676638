// A client's locations: the list, a form to add or change one, and a CSV import shown row by row.

import { h, replace, saveBlob } from "../dom.js";
import { columnIndex, dataRows, parseCsv } from "./csv.js";
import { allPages, fieldErrors, patchJson, postJson, problemText, sendFile } from "./http.js";
import { ct } from "./texts.js";
import { busy, field, notice, select, table, textInput } from "./ui.js";

const KINDS = ["store", "branch", "hotline", "website"];
const FIELDS = ["code", "name", "kind", "street", "postal_code", "city", "country", "latitude", "longitude", "phone", "url", "time_zone"];
const CODE_HEADERS = ["code", "kennung", "nummer", "filialnummer"];
const NAME_HEADERS = ["name", "bezeichnung"];
const SAMPLE_CSV = "code;name;kind;street;postal_code;city;country;latitude;longitude\n" +
  "BER-01;Filiale Berlin Mitte;store;Friedrichstraße 100;10117;Berlin;DE;52,5200;13,3880\n";

const address = (loc) => [loc.street, [loc.postal_code, loc.city].filter(Boolean).join(" ")].filter(Boolean).join(", ");

/** The locations section of a client page; `load()` fills it. */
export function locationsSection({ client }) {
  let locations = [];
  let editing = null;
  const list = h("div");
  const inputs = {
    code: textInput({ required: true, maxlength: 64 }),
    name: textInput({ required: true, maxlength: 200 }),
    kind: select(KINDS.map((k) => [k, ct(`console.locations.kind.${k}`)]), { value: "store" }),
    street: textInput({ maxlength: 200, autocomplete: "off" }),
    postal_code: textInput({ maxlength: 20, autocomplete: "off" }),
    city: textInput({ maxlength: 100, autocomplete: "off" }),
    country: textInput({ maxlength: 2, placeholder: "DE", autocomplete: "off" }),
    latitude: h("input", { type: "number", step: "any", min: -90, max: 90 }),
    longitude: h("input", { type: "number", step: "any", min: -180, max: 180 }),
    phone: h("input", { type: "tel", maxlength: 40, autocomplete: "off" }),
    url: h("input", { type: "url", maxlength: 500, placeholder: "https://", autocomplete: "off" }),
    // Empty means the agency's zone; the list offers the zones this browser knows (IANA names).
    time_zone: textInput({ maxlength: 64, placeholder: "Europe/Berlin", autocomplete: "off", list: "time-zones" }),
  };
  const zones = h("datalist", { id: "time-zones" },
    (Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : []).map((zone) => h("option", { value: zone })));
  const formTitle = h("h3", {}, ct("console.locations.new"));
  const formMessage = notice();
  const save = h("button", { type: "submit", class: "primary" }, ct("console.locations.save"));
  const cancel = h("button", { type: "button", class: "secondary", hidden: true, onclick: () => edit(null) }, ct("console.cancel"));
  const form = h("form", { class: "form-grid compact", onsubmit: (event) => {
    event.preventDefault();
    busy(save, formMessage, async () => {
      const values = Object.fromEntries(FIELDS.map((f) => [f, inputs[f].value.trim() === "" ? null : inputs[f].value.trim()]));
      for (const f of ["latitude", "longitude"]) if (values[f] !== null) values[f] = Number(values[f]);
      const saved = editing
        ? await patchJson(`/locations/${editing.id}`, values)
        : await postJson("/locations", { ...values, client_id: client.id });
      formMessage.show("ok", ct(editing ? "console.locations.updated" : "console.locations.created", { name: saved.name }));
      edit(null, { keepMessage: true });
      await load();
    });
  } },
  formTitle,
  FIELDS.map((f) => field(ct(`console.locations.${f}`), inputs[f])),
  zones,
  formMessage.element,
  h("div", { class: "form-actions wide" }, save, cancel));

  function edit(location, { keepMessage = false } = {}) {
    editing = location;
    if (!keepMessage) formMessage.clear();
    for (const f of FIELDS) inputs[f].value = location && location[f] !== null && location[f] !== undefined ? String(location[f]) : (f === "kind" ? "store" : "");
    formTitle.textContent = location ? ct("console.locations.edit_title", { code: location.code }) : ct("console.locations.new");
    cancel.hidden = !location;
    if (location) inputs.name.focus();
  }

  const fileInput = h("input", { type: "file", accept: ".csv,text/csv" });
  const importMessage = notice();
  const importRows = h("div");
  const importButton = h("button", { type: "button", class: "primary", onclick: () => importFile() }, ct("console.locations.import"));

  async function importFile() {
    const file = fileInput.files[0];
    if (!file) { importMessage.show("error", ct("console.import.choose_file")); return; }
    await busy(importButton, null, async () => {
      importMessage.clear();
      const records = parseCsv(await file.text());
      const before = new Map(locations.map((loc) => [loc.code, loc]));
      try {
        const result = await sendFile("POST", `/clients/${client.id}/locations/import`, file);
        await load();
        const after = new Map(locations.map((loc) => [loc.code, loc]));
        importMessage.show("ok", ct("console.locations.imported", result));
        showImportRows(records, (code) => {
          if (!before.has(code)) return ["ok", ct("console.import.created")];
          const changed = FIELDS.some((f) => before.get(code)[f] !== (after.get(code) || {})[f]);
          return changed ? ["ok", ct("console.import.updated")] : ["muted", ct("console.import.unchanged")];
        }, new Map());
      } catch (error) {
        const errors = fieldErrors(error);
        importMessage.show("error", h("p", {}, problemText(error)));
        const byRow = new Map();
        for (const e of errors) byRow.set(e.row, [...(byRow.get(e.row) || []), e]);
        const header = byRow.get(1);
        if (header) importMessage.show("error", h("p", {}, problemText(error)), h("ul", {}, header.map((e) => h("li", {}, [e.column, e.message].filter(Boolean).join(": ")))));
        showImportRows(records, () => ["muted", ct("console.import.not_imported")], byRow);
      }
    });
  }

  function showImportRows(records, outcome, errorsByRow) {
    const header = records[0] || [];
    const code = columnIndex(header, CODE_HEADERS);
    const name = columnIndex(header, NAME_HEADERS);
    const rows = dataRows(records).map(({ row, cells }) => ({ row, cells, errors: errorsByRow.get(row) || [],
      rowClass: errorsByRow.has(row) ? "row-error" : null }));
    replace(importRows, h("h3", {}, ct("console.import.rows_title")), table({
      caption: ct("console.import.rows_title"), rows,
      columns: [
        { title: ct("console.import.row"), cell: (r) => String(r.row), numeric: true },
        { title: ct("console.locations.code"), cell: (r) => (code >= 0 ? r.cells[code] || "" : "") },
        { title: ct("console.locations.name"), cell: (r) => (name >= 0 ? r.cells[name] || "" : "") },
        { title: ct("console.import.result"), cell: (r) => {
          if (r.errors.length) return h("ul", { class: "row-errors" }, r.errors.map((e) => h("li", {}, h("strong", {}, e.column || ct("console.import.row")), ": ", e.message)));
          const [kind, text] = outcome(code >= 0 ? (r.cells[code] || "").trim() : "");
          return h("span", { class: `result-${kind}` }, text);
        } },
      ],
    }));
  }

  async function load() {
    locations = await allPages("/locations", { client_id: client.id });
    replace(list, table({
      caption: ct("console.locations.title"), rows: locations, empty: ct("console.locations.none"),
      columns: [
        { title: ct("console.locations.code"), cell: (loc) => h("code", {}, loc.code) },
        { title: ct("console.locations.name"), cell: (loc) => loc.name },
        { title: ct("console.locations.kind"), cell: (loc) => ct(`console.locations.kind.${loc.kind}`) },
        { title: ct("console.locations.address"), cell: (loc) => address(loc) || loc.phone || loc.url || "—" },
        { title: ct("console.templates.actions"), cell: (loc) => h("button", { type: "button", class: "link",
          "aria-label": ct("console.locations.edit_named", { name: loc.name }), onclick: () => edit(loc) }, ct("console.edit")) },
      ],
    }));
    return locations;
  }

  const element = h("section", { class: "panel", "aria-labelledby": "locations-title" },
    h("h2", { id: "locations-title" }, ct("console.locations.title")),
    list,
    h("div", { class: "split" },
      h("div", { class: "subpanel" }, form),
      h("div", { class: "subpanel" },
        h("h3", {}, ct("console.locations.import_title")),
        h("p", { class: "muted small" }, ct("console.locations.import_hint")),
        field(ct("console.import.file"), fileInput),
        h("div", { class: "form-actions" }, importButton,
          h("button", { type: "button", class: "link", onclick: () => saveBlob(new Blob([SAMPLE_CSV], { type: "text/csv" }), "standorte.csv") },
            ct("console.import.sample"))),
        importMessage.element, importRows)));
  return { element, load, locations: () => locations };
}
