// Start a template from a published one (the four shipped ones, say): copy its source under a new key.

import { h, replace } from "../dom.js";
import { getJson } from "./http.js";
import { ct } from "./texts.js";
import { busy, field, notice, pageHead, select, textInput } from "./ui.js";
import { saveDraft, withKey } from "./template-drafts.js";

// The hyphen is escaped: browsers compile the pattern attribute with the v flag, where a bare one is an error.
const KEY_PATTERN = "^[a-z][a-z0-9_\\-]{0,63}$";

export async function render(main, app) {
  const templates = await getJson("/checklists");
  const taken = new Set(templates.map((tpl) => tpl.key));
  const base = select(templates.map((tpl) => [tpl.key, `${tpl.versions.at(-1).title} (${tpl.key} v${tpl.latest_version})`]),
    { name: "base", required: true });
  const key = textInput({ name: "key", required: true, pattern: KEY_PATTERN, autocomplete: "off", spellcheck: "false" });
  const message = notice();
  const submit = h("button", { type: "submit", class: "primary" }, ct("console.new.start"));

  async function start(event) {
    event.preventDefault();
    await busy(submit, message, async () => {
      const newKey = key.value.trim();
      if (!new RegExp(KEY_PATTERN).test(newKey)) throw new Error(ct("console.new.key_invalid"));
      if (taken.has(newKey)) throw new Error(ct("console.new.key_taken", { key: newKey }));
      const chosen = templates.find((tpl) => tpl.key === base.value);
      const source = await getJson(`/checklists/${chosen.key}/versions/${chosen.latest_version}/source`);
      saveDraft(newKey, { source: withKey(source.source, source.source_format, newKey), format: source.source_format,
        isNew: true, base: `${chosen.key} v${chosen.latest_version}` });
      app.navigate(`#/console/templates/${newKey}`);
    });
  }

  replace(main,
    h("p", { class: "crumbs" }, h("a", { href: "#/console/templates" }, ct("console.templates.title"))),
    pageHead(ct("console.new.title")),
    h("form", { class: "panel form-grid narrow-form", onsubmit: start },
      field(ct("console.new.base"), base, { hint: ct("console.new.base_hint"), wide: true }),
      field(ct("console.new.key"), key, { hint: ct("console.new.key_hint"), wide: true }),
      message.element,
      h("div", { class: "form-actions wide" }, submit)));
  return null;
}
