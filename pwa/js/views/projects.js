// Projects the caller may see: client, checklist and waves, each leading to its scores.

import { projects } from "../api.js";
import { h, replace } from "../dom.js";
import { localized, t } from "../i18n.js";

export async function render(main) {
  const list = h("ul", { class: "cards", "aria-label": t("projects.title") });
  replace(main, h("h1", {}, t("projects.title")), list);
  const items = await projects();
  replace(list, items.length ? items.map((project) => h("li", { class: "card" },
    h("h2", {}, h("a", { href: `#/projects/${project.id}`, class: "stretched" }, project.name)),
    h("p", { class: "muted small" }, [project.client && project.client.name,
      project.checklist && localized(project.checklist.title)].filter(Boolean).join(" · ")),
    project.waves && project.waves.length
      ? h("p", { class: "small" }, t("projects.waves", { waves: project.waves.map((w) => w.name).join(", ") })) : null))
    : h("li", { class: "card empty" }, t("projects.none")));
  return null;
}
