// The agency's clients: each with its colour and report language; a new one in a few fields.

import { h, replace } from "../dom.js";
import { getJson, postJson } from "./http.js";
import { ct } from "./texts.js";
import { busy, field, notice, pageHead, select, table, textInput } from "./ui.js";

export const REPORT_LANGUAGES = [["de", "Deutsch"], ["en", "English"]];

/** The colour as a swatch with its code: the code carries the meaning, the swatch is decoration. */
export function swatch(colour) {
  const box = h("span", { class: "swatch", "aria-hidden": "true" });
  box.style.setProperty("--swatch", colour);
  return h("span", { class: "swatch-row" }, box, h("code", {}, colour));
}

export async function render(main, app) {
  const [clients, locations] = await Promise.all([getJson("/clients"), getJson("/locations?limit=1")]);
  const name = textInput({ name: "name", required: true, maxlength: 200, autocomplete: "organization" });
  const colour = h("input", { type: "color", name: "brand_color", value: "#1f4e79" });
  const language = select(REPORT_LANGUAGES, { name: "report_language", value: "de" });
  const message = notice();
  const submit = h("button", { type: "submit", class: "primary" }, ct("console.clients.create"));
  const form = h("form", { class: "panel form-grid", onsubmit: (event) => {
    event.preventDefault();
    busy(submit, message, async () => {
      const client = await postJson("/clients", { name: name.value, brand_color: colour.value, report_language: language.value });
      app.announce(ct("console.clients.created", { name: client.name }), { visible: true });
      app.navigate(`#/console/clients/${client.id}`);
    });
  } },
  h("h2", { class: "wide" }, ct("console.clients.new")),
  field(ct("console.clients.name"), name),
  field(ct("console.clients.colour"), colour, { hint: ct("console.clients.colour_hint") }),
  field(ct("console.clients.language"), language, { hint: ct("console.clients.language_hint") }),
  message.element,
  h("div", { class: "form-actions wide" }, submit));

  replace(main,
    pageHead(ct("console.clients.title")),
    h("p", { class: "lead" }, ct("console.clients.lead", { count: clients.length, locations: locations.total })),
    table({
      caption: ct("console.clients.title"), rows: clients, empty: ct("console.clients.none"),
      columns: [
        { title: ct("console.clients.name"), cell: (c) => h("a", { href: `#/console/clients/${c.id}` }, c.name) },
        { title: ct("console.clients.colour"), cell: (c) => swatch(c.brand_color) },
        { title: ct("console.clients.language"), cell: (c) => c.report_language.toUpperCase() },
      ],
    }),
    form);
  return null;
}
