// Take over a tester's evaluation the server refused (withdrawn, reassigned, expired): the tester's phone
// saved it as a file; importing runs the same checks as the tester's own send, on the tester's behalf.

import { h, replace, uid } from "../dom.js";
import { fieldErrors, postJson, problemText } from "./http.js";
import { ct } from "./texts.js";

export async function render(main) {
  const inputId = uid("import-file");
  const input = h("input", { type: "file", id: inputId, accept: "application/json,.json" });
  const result = h("div", { class: "import-result", "aria-live": "polite" });
  const button = h("button", { type: "submit", class: "primary" }, ct("console.imports.submit"));
  const form = h("form", { class: "card", onsubmit: async (event) => {
    event.preventDefault();
    const file = input.files && input.files[0];
    if (!file) { replace(result, notice("error", ct("console.imports.choose"))); return; }
    button.disabled = true;
    try {
      let parsed;
      try {
        parsed = JSON.parse(await file.text());
      } catch {
        replace(result, notice("error", ct("console.imports.not_json")));
        return;
      }
      const evaluation = await postJson("/evaluations/import", parsed);
      replace(result, notice("ok", ct("console.imports.done", {
        location: evaluation.location.name, tester: evaluation.tester.display_name || evaluation.tester.pseudonym,
      }), h("a", { href: `#/e/${evaluation.id}` }, ct("console.imports.open"))));
    } catch (error) {
      const errors = fieldErrors(error);
      replace(result, notice("error", problemText(error),
        errors.length ? h("ul", {}, errors.map((e) => h("li", {}, [e.path || e.question_id, e.message].filter(Boolean).join(": ")))) : null));
    } finally {
      button.disabled = false;
    }
  } },
  h("label", { for: inputId }, ct("console.imports.file")), input, h("div", { class: "actions" }, button));
  replace(main, h("h1", {}, ct("console.imports.title")), h("p", { class: "muted" }, ct("console.imports.explain")), form, result);
  return null;
}

function notice(kind, text, ...more) {
  return h("div", { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status" }, h("p", {}, text), ...more);
}
