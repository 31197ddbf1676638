// Checklist templates with their versions: open one in the editor, compare versions, start a new one.

import { h, replace } from "../dom.js";
import { formatDate, t } from "../i18n.js";
import { getJson } from "./http.js";
import { ct } from "./texts.js";
import { pageHead, table } from "./ui.js";

export async function render(main) {
  const templates = await getJson("/checklists");
  replace(main,
    pageHead(ct("console.templates.title"),
      h("a", { class: "button primary", href: "#/console/templates/new" }, ct("console.templates.new"))),
    h("p", { class: "lead" }, ct("console.templates.lead")),
    table({
      caption: ct("console.templates.title"),
      empty: ct("console.templates.none"),
      rows: templates,
      columns: [
        { title: ct("console.templates.template"), cell: (tpl) => h("span", { class: "stack" },
          h("a", { href: `#/console/templates/${tpl.key}` }, latest(tpl).title),
          h("code", { class: "muted small" }, tpl.key)) },
        { title: ct("console.templates.kind"), cell: (tpl) => t(`kind.${tpl.kind}`) },
        { title: ct("console.templates.versions"), cell: (tpl) => h("span", { class: "chips" },
          tpl.versions.map((v) => h("span", { class: "chip", title: formatDate(v.published_at) }, `v${v.version}`))) },
        { title: ct("console.templates.published"), cell: (tpl) => formatDate(latest(tpl).published_at) },
        { title: ct("console.templates.actions"), cell: (tpl) => h("span", { class: "row-actions" },
          h("a", { href: `#/console/templates/${tpl.key}`, "aria-label": ct("console.templates.edit_named", { key: tpl.key }) },
            ct("console.templates.edit")),
          tpl.versions.length > 1
            ? h("a", { href: `#/console/templates/${tpl.key}/diff/${tpl.latest_version - 1}/${tpl.latest_version}`,
              "aria-label": ct("console.templates.compare_named", { key: tpl.key }) }, ct("console.templates.compare"))
            : null) },
      ],
    }));
  return null;
}

function latest(template) {
  return template.versions.find((v) => v.version === template.latest_version) || template.versions.at(-1);
}
