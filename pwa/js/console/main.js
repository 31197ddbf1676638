// The agency console (admin role): templates, clients, projects with planning, people; desktop-first.
// One app route (#/console/...) leads here; this module picks the screen from the rest of the address.

import { h, replace } from "../dom.js";
import { problemText } from "./http.js";
import { ct, loadTexts } from "./texts.js";

const SCREENS = [
  { pattern: /^(?:templates)?$/, section: "templates", load: () => import("./templates.js") },
  { pattern: /^templates\/new$/, section: "templates", load: () => import("./new-template.js") },
  { pattern: /^templates\/([a-z][a-z0-9_-]*)$/, section: "templates", load: () => import("./editor.js") },
  { pattern: /^templates\/([a-z][a-z0-9_-]*)\/diff(?:\/(\d+)\/(\d+))?$/, section: "templates", load: () => import("./diff-view.js") },
  { pattern: /^clients$/, section: "clients", load: () => import("./clients.js") },
  { pattern: /^clients\/(\d+)$/, section: "clients", load: () => import("./client.js") },
  { pattern: /^projects$/, section: "projects", load: () => import("./projects.js") },
  { pattern: /^projects\/(\d+)(?:\/(\w+))?$/, section: "projects", load: () => import("./project.js") },
  { pattern: /^people(?:\/(\w+))?$/, section: "people", load: () => import("./people.js") },
  { pattern: /^imports$/, section: "imports", load: () => import("./imports.js") },
];
const SECTIONS = [
  ["templates", "#/console/templates", "console.nav.templates"],
  ["clients", "#/console/clients", "console.nav.clients"],
  ["projects", "#/console/projects", "console.nav.projects"],
  ["people", "#/console/people", "console.nav.people"],
  ["imports", "#/console/imports", "console.nav.imports"],
];

let stylesheet = null;

/** The console's stylesheet, added once beside the app's (the CSP allows same-origin stylesheets). */
function ensureStylesheet() {
  if (!stylesheet) {
    stylesheet = new Promise((resolve) => {
      const link = h("link", { rel: "stylesheet", href: "/css/console.css" });
      link.addEventListener("load", resolve);
      link.addEventListener("error", resolve);
      document.head.append(link);
    });
  }
  return stylesheet;
}

export async function render(main, app, path = "") {
  await Promise.all([loadTexts(), ensureStylesheet()]);
  document.body.classList.add("console-mode");
  const screen = SCREENS.find((s) => s.pattern.test(path || ""));
  const content = h("div", { class: "console-content" });
  const nav = h("nav", { class: "console-nav", "aria-label": ct("console.nav.label") },
    h("p", { class: "console-nav-title" }, ct("console.title")),
    h("ul", {}, SECTIONS.map(([section, href, key]) => h("li", {},
      h("a", { href, "aria-current": screen && screen.section === section ? "page" : null }, ct(key))))));
  replace(main, h("div", { class: "console" }, nav, content));
  let cleanup = null;
  if (!screen) {
    replace(content, h("h1", {}, ct("console.not_found")), h("p", {}, h("a", { href: "#/console" }, ct("console.nav.templates"))));
  } else {
    try {
      const module = await screen.load();
      cleanup = await module.render(content, app, ...screen.pattern.exec(path || "").slice(1));
    } catch (error) {
      // Inside the console, so its menu stays and leaving it tidies up as usual.
      console.error(error);
      replace(content, h("h1", {}, ct("console.error.title")),
        h("div", { class: "notice error", role: "alert" }, h("p", {}, problemText(error))));
    }
  }
  return () => {
    document.body.classList.remove("console-mode");
    if (typeof cleanup === "function") cleanup();
  };
}
