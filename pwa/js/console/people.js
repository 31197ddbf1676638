// People: create testers, reviewers, client users and admins with a password to hand over; reset it; deactivate.

import { h, replace } from "../dom.js";
import { allPages, getJson, patchJson, postJson } from "./http.js";
import { ct } from "./texts.js";
import { busy, field, generatePassword, notice, pageHead, select, table, tabs, textInput } from "./ui.js";

const ROLES = ["tester", "reviewer", "client", "admin"];

/** A notice with credentials to pass on, and a button that copies them. */
function showCredentials(target, user, password) {
  const text = `${user.email}\n${password}`;
  target.show("ok",
    h("p", {}, ct("console.people.credentials", { name: user.display_name })),
    h("dl", { class: "credentials" },
      h("dt", {}, ct("console.people.email")), h("dd", {}, h("code", {}, user.email)),
      h("dt", {}, ct("console.people.password")), h("dd", {}, h("code", { class: "password" }, password))),
    h("button", { type: "button", class: "secondary", onclick: (e) => navigator.clipboard.writeText(text).then(
      () => { e.target.textContent = ct("console.people.copied"); }, () => {}) }, ct("console.people.copy")),
    h("p", { class: "muted small" }, ct("console.people.credentials_hint")));
}

/** The people table with reset and (de)activate per row; `reload()` refreshes after a change. */
export function peopleTable({ users, clients, app, message, reload, caption }) {
  const clientName = new Map(clients.map((c) => [c.id, c.name]));
  const me = app.session && app.session.user ? app.session.user.id : null;
  return table({
    caption, rows: users.map((u) => ({ ...u, rowClass: u.is_active ? null : "inactive" })), empty: ct("console.people.none"),
    columns: [
      { title: ct("console.people.name"), cell: (u) => h("span", { class: "stack" }, u.display_name,
        u.pseudonym ? h("span", { class: "muted small" }, u.pseudonym) : null) },
      { title: ct("console.people.email"), cell: (u) => u.email },
      { title: ct("console.people.role"), cell: (u) => ct(`console.role.${u.role}`) },
      { title: ct("console.people.client"), cell: (u) => (u.client_id ? clientName.get(u.client_id) || `#${u.client_id}` : "—") },
      { title: ct("console.people.state"), cell: (u) => h("span", { class: `state-tag ${u.is_active ? "active" : "inactive"}` },
        ct(u.is_active ? "console.people.active" : "console.people.inactive")) },
      { title: ct("console.templates.actions"), cell: (u) => {
        const reset = h("button", { type: "button", class: "link", "aria-label": ct("console.people.reset_named", { name: u.display_name }),
          onclick: () => busy(reset, message, async () => {
            const password = generatePassword();
            const user = await patchJson(`/users/${u.id}`, { password });
            showCredentials(message, user, password);
          }) }, ct("console.people.reset"));
        const toggle = u.id === me ? null : h("button", { type: "button", class: u.is_active ? "link danger" : "link",
          "aria-label": ct(u.is_active ? "console.people.deactivate_named" : "console.people.activate_named", { name: u.display_name }),
          onclick: () => {
            if (u.is_active && !window.confirm(ct("console.people.deactivate_confirm", { name: u.display_name }))) return;
            busy(toggle, message, async () => {
              await patchJson(`/users/${u.id}`, { is_active: !u.is_active });
              message.show("ok", ct(u.is_active ? "console.people.deactivated" : "console.people.activated", { name: u.display_name }));
              await reload();
            });
          } }, ct(u.is_active ? "console.people.deactivate" : "console.people.activate"));
        return h("span", { class: "row-actions" }, reset, toggle);
      } },
    ],
  });
}

/** The form to create a person; `fixedClient` makes it a form for that client's users only. */
export function personForm({ clients, message, onCreated, fixedClient = null, role = "tester" }) {
  const roleSelect = select(ROLES.map((r) => [r, ct(`console.role.${r}`)]), { value: fixedClient ? "client" : role });
  const name = textInput({ required: true, maxlength: 200, autocomplete: "off" });
  const email = h("input", { type: "email", required: true, autocomplete: "off" });
  const clientSelect = select(clients.map((c) => [c.id, c.name]));
  const password = textInput({ required: true, minlength: 10, value: generatePassword(), autocomplete: "off", spellcheck: "false" });
  const clientField = field(ct("console.people.client"), clientSelect);
  const submit = h("button", { type: "submit", class: "primary" }, ct("console.people.create"));
  const syncClient = () => { clientField.hidden = Boolean(fixedClient) || roleSelect.value !== "client"; };
  roleSelect.addEventListener("change", syncClient);
  syncClient();
  return h("form", { class: "form-grid compact", onsubmit: (event) => {
    event.preventDefault();
    busy(submit, message, async () => {
      const chosenRole = fixedClient ? "client" : roleSelect.value;
      const user = await postJson("/users", { email: email.value.trim(), display_name: name.value.trim(),
        password: password.value, role: chosenRole,
        client_id: chosenRole === "client" ? Number(fixedClient ? fixedClient.id : clientSelect.value) : null });
      showCredentials(message, user, password.value);
      name.value = "";
      email.value = "";
      password.value = generatePassword();
      await onCreated(user);
    });
  } },
  h("h3", { class: "wide" }, fixedClient ? ct("console.people.new_client_user") : ct("console.people.new")),
  fixedClient ? null : field(ct("console.people.role"), roleSelect),
  field(ct("console.people.name"), name),
  field(ct("console.people.email"), email),
  clientField,
  field(ct("console.people.password"), password, { hint: ct("console.people.password_hint") }),
  h("div", { class: "form-actions wide" }, submit));
}

export async function render(main, app, role = "") {
  const current = ROLES.includes(role) ? role : "";
  const clients = await getJson("/clients");
  const message = notice();
  const list = h("div");
  async function reload() {
    const users = await allPages("/users", { role: current || null });
    replace(list, peopleTable({ users, clients, app, message, reload, caption: ct("console.people.title") }));
  }
  replace(main,
    pageHead(ct("console.people.title")),
    h("p", { class: "lead" }, ct("console.people.lead")),
    tabs(ct("console.people.roles"), [["#/console/people", ct("console.people.all")],
      ...ROLES.map((r) => [`#/console/people/${r}`, ct(`console.role.${r}_plural`)])], `#/console/people${current ? `/${current}` : ""}`),
    h("section", { class: "panel" }, personForm({ clients, message, onCreated: reload, role: current || "tester" })),
    message.element,
    list);
  await reload();
  return null;
}
