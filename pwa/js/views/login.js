// Log in: email and password; the first login makes the app work offline from then on.

import { ApiError, NetworkError, login } from "../api.js";
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";
import { unsavedDrafts } from "../drafts.js";
import { forgetEdits } from "../edits.js";
import * as outbox from "../outbox.js";
import { clearAll } from "../store.js";
import { refreshAssignments } from "../assignments.js";

const HOME = { tester: "#/assignments", reviewer: "#/queue", admin: "#/queue", client: "#/projects" };

export function render(main, app) {
  const previous = app.session;
  const error = h("p", { class: "error", role: "alert", id: "login-error", hidden: true });
  const email = h("input", {
    id: "login-email", name: "email", type: "email", autocomplete: "username", required: true,
    value: previous ? previous.user.email : "",
  });
  const password = h("input", { id: "login-password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const submit = h("button", { type: "submit", class: "primary" }, t("login.submit"));

  async function onSubmit(event) {
    event.preventDefault();
    error.hidden = true;
    submit.disabled = true;
    try {
      const result = await login(email.value.trim(), password.value);
      if (previous && previous.user.id !== result.user.id) {
        // Someone else on this phone: the previous tester's data must not stay visible, but never goes unasked.
        const [unsent, drafts] = await Promise.all([outbox.unsent(), unsavedDrafts()]);
        if ((unsent.length || drafts.length) &&
            !window.confirm(t("logout.confirm_unsent", { outbox: unsent.length, drafts: drafts.length }))) return;
        await clearAll();
        forgetEdits();
      }
      await app.signIn(result);
      if (result.user.role === "tester") await refreshAssignments().catch(() => {});
      app.announce(t("login.welcome", { name: result.user.display_name || result.user.email }));
      app.navigate(HOME[result.user.role] || "#/login");
    } catch (failure) {
      error.textContent = loginError(failure);
      error.hidden = false;
      password.focus();
    } finally {
      submit.disabled = false;
    }
  }

  replace(main,
    h("section", { class: "card narrow" },
      h("h1", {}, previous ? t("login.again_title") : t("login.title")),
      previous ? h("p", {}, t("login.again_hint")) : h("p", { class: "muted" }, t("login.hint")),
      h("form", { onsubmit: onSubmit, "aria-describedby": "login-error", novalidate: false },
        h("label", { for: "login-email" }, t("login.email")), email,
        h("label", { for: "login-password" }, t("login.password")), password,
        error,
        submit)));
  setTimeout(() => (previous ? password : email).focus(), 0);
}

function loginError(failure) {
  if (failure instanceof NetworkError) return t("login.offline");
  if (failure instanceof ApiError && failure.code === "login_locked") return t("login.locked");
  if (failure instanceof ApiError && failure.status === 401) return t("login.invalid");
  return failure.message;
}
