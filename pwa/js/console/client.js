// One client: name, colour, report language and logo; its locations; its users.

import { ApiError, blob } from "../api.js";
import { h, replace } from "../dom.js";
import { allPages, getJson, patchJson, remove, sendFile } from "./http.js";
import { REPORT_LANGUAGES } from "./clients.js";
import { locationsSection } from "./locations.js";
import { peopleTable, personForm } from "./people.js";
import { ct } from "./texts.js";
import { busy, field, notice, pageHead, select, textInput } from "./ui.js";

export async function render(main, app, clientId) {
  const [client, clients] = await Promise.all([getJson(`/clients/${clientId}`), getJson("/clients")]);
  const settingsMessage = notice();
  const name = textInput({ required: true, maxlength: 200, value: client.name });
  const colour = h("input", { type: "color", value: client.brand_color });
  const language = select(REPORT_LANGUAGES, { value: client.report_language });
  const save = h("button", { type: "submit", class: "primary" }, ct("console.save"));
  const settings = h("form", { class: "form-grid compact", onsubmit: (event) => {
    event.preventDefault();
    busy(save, settingsMessage, async () => {
      const updated = await patchJson(`/clients/${client.id}`, { name: name.value, brand_color: colour.value,
        report_language: language.value });
      settingsMessage.show("ok", ct("console.clients.saved", { name: updated.name }));
    });
  } },
  field(ct("console.clients.name"), name),
  field(ct("console.clients.colour"), colour),
  field(ct("console.clients.language"), language, { hint: ct("console.clients.language_hint") }),
  settingsMessage.element,
  h("div", { class: "form-actions wide" }, save));

  const logoMessage = notice();
  const logoBox = h("div", { class: "logo-box" });
  const logoFile = h("input", { type: "file", accept: "image/png,image/jpeg,image/webp,image/heic" });
  const upload = h("button", { type: "button", class: "primary", onclick: () => busy(upload, logoMessage, async () => {
    if (!logoFile.files[0]) throw new Error(ct("console.import.choose_file"));
    await sendFile("PUT", `/clients/${client.id}/logo`, logoFile.files[0]);
    logoFile.value = "";
    logoMessage.show("ok", ct("console.logo.saved"));
    await showLogo();
  }) }, ct("console.logo.upload"));
  const dropLogo = h("button", { type: "button", class: "link danger", hidden: true, onclick: () => busy(dropLogo, logoMessage, async () => {
    await remove(`/clients/${client.id}/logo`);
    logoMessage.show("ok", ct("console.logo.removed"));
    await showLogo();
  }) }, ct("console.logo.remove"));

  async function showLogo() {
    try {
      const image = await blob(`/clients/${client.id}/logo`);
      const url = URL.createObjectURL(image);
      const img = h("img", { alt: ct("console.logo.alt", { name: client.name }) });
      img.onload = () => URL.revokeObjectURL(url);
      img.src = url;
      replace(logoBox, img);
      dropLogo.hidden = false;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
      replace(logoBox, h("p", { class: "muted" }, ct("console.logo.none")));
      dropLogo.hidden = true;
    }
  }

  const locations = locationsSection({ client });
  const usersMessage = notice();
  const users = h("div");
  async function loadUsers() {
    const all = await allPages("/users", { role: "client" });
    replace(users, peopleTable({ users: all.filter((u) => u.client_id === client.id), clients, app,
      message: usersMessage, reload: loadUsers, caption: ct("console.clients.users") }));
  }

  replace(main,
    h("p", { class: "crumbs" }, h("a", { href: "#/console/clients" }, ct("console.clients.title"))),
    pageHead(client.name),
    h("div", { class: "split" },
      h("section", { class: "panel", "aria-labelledby": "client-settings" },
        h("h2", { id: "client-settings" }, ct("console.clients.settings")), settings),
      h("section", { class: "panel", "aria-labelledby": "client-logo" },
        h("h2", { id: "client-logo" }, ct("console.logo.title")),
        h("p", { class: "muted small" }, ct("console.logo.hint")),
        logoBox, field(ct("console.logo.file"), logoFile),
        h("div", { class: "form-actions" }, upload, dropLogo), logoMessage.element)),
    locations.element,
    h("section", { class: "panel", "aria-labelledby": "client-users" },
      h("h2", { id: "client-users" }, ct("console.clients.users")),
      h("p", { class: "muted small" }, ct("console.clients.users_hint")),
      usersMessage.element, users,
      personForm({ clients, message: usersMessage, onCreated: loadUsers, fixedClient: client })));
  await Promise.all([showLogo(), locations.load(), loadUsers()]);
  return null;
}
