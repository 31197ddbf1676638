// Start the app: texts, session, service worker, routes, connection and outbox status.

import { logout as apiLogout, onUnauthorized } from "./api.js";
import { h, replace } from "./dom.js";
import { unsavedDrafts } from "./drafts.js";
import { flushEdits, forgetEdits, recoverEdits } from "./edits.js";
import { LANGUAGES, currentLanguage, preferredLanguage, setLanguage, t } from "./i18n.js";
import * as outbox from "./outbox.js";
import { clearAll, getSession, setSession } from "./store.js";
import { routeFor } from "./routes.js";
import { isReturning, placeView, trackScroll } from "./scroll.js";

const main = document.getElementById("view");
const nav = document.getElementById("nav");
const connection = document.getElementById("connection");
const live = document.getElementById("live");
const toast = document.getElementById("toast");

const app = {
  session: null,
  cleanup: null,
  /** Whether the view being rendered is a return to a history entry (back, forward, reload): it keeps its place. */
  returning: false,
  /** Say something to screen readers (and sighted users, briefly). */
  announce(message, { visible = false } = {}) {
    live.textContent = "";
    setTimeout(() => { live.textContent = message; }, 50);
    if (visible) {
      toast.textContent = message;
      toast.hidden = false;
      clearTimeout(toast.timer);
      toast.timer = setTimeout(() => { toast.hidden = true; }, 4000);
    }
  },
  navigate(hash) {
    if (location.hash === hash) render();
    else location.hash = hash;
  },
  async signIn(login) {
    app.session = { token: login.access_token, expires_at: login.expires_at, user: login.user };
    await setSession(app.session);
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
    await outbox.wakeUp();
    sendOutbox();
  },
  async signOut() {
    const unsent = await outbox.unsent();
    const drafts = await unsavedDrafts();
    if (unsent.length || drafts.length) {
      const message = t("logout.confirm_unsent", { outbox: unsent.length, drafts: drafts.length });
      if (!window.confirm(message)) return;
    }
    try { await apiLogout(); } catch { /* offline or expired: the local data goes anyway */ }
    await clearAll();
    forgetEdits();
    app.session = null;
    app.navigate("#/login");
  },
  sendOutbox,
  refreshStatus,
};

let renderCount = 0;

async function render() {
  const ticket = ++renderCount;
  if (app.cleanup) { app.cleanup(); app.cleanup = null; }
  renderNav();
  const { view, params, needsRole } = routeFor(location.hash, app.session);
  if (needsRole) { app.navigate(needsRole); return; }
  // Each view renders into its own container; one overtaken by a newer navigation is dropped.
  const container = h("div", { class: "view" });
  app.returning = isReturning();
  let cleanup = null;
  try {
    const module = await view();
    cleanup = (await module.render(container, app, ...params)) || null;
  } catch (error) {
    console.error(error);
    replace(container, h("div", { class: "card error", role: "alert" }, h("h1", {}, t("error.title")), h("p", {}, String(error.message || error))));
  }
  if (ticket !== renderCount) {
    if (cleanup) cleanup();
    return;
  }
  app.cleanup = cleanup;
  replace(main, container);
  placeView(main);
  const heading = main.querySelector("h1");
  if (heading) document.title = `${heading.textContent} – fieldcheck`;
  main.focus({ preventScroll: true });
}

function renderNav() {
  const role = app.session && app.session.user.role;
  const links = {
    tester: [["#/assignments", "nav.assignments"], ["#/outbox", "nav.outbox"]],
    reviewer: [["#/queue", "nav.queue"], ["#/projects", "nav.projects"]],
    admin: [["#/queue", "nav.queue"], ["#/projects", "nav.projects"], ["#/console", "nav.console"]],
    client: [["#/projects", "nav.projects"]],
  }[role] || [];
  const current = location.hash.split("/").slice(0, 2).join("/");
  const language = h("select", {
    id: "language-select",
    class: "language",
    onchange: async (event) => { await setLanguage(event.target.value, { remember: true }); render(); },
  }, LANGUAGES.map((lang) => h("option", { value: lang, selected: lang === currentLanguage() }, lang.toUpperCase())));
  const menu = h("details", { class: "menu" },
    h("summary", {}, t("nav.menu")),
    h("div", { class: "menu-panel" },
      h("label", { for: "language-select" }, t("nav.language")), language,
      app.session ? h("button", { type: "button", class: "secondary", onclick: () => app.signOut() }, t("nav.logout")) : null));
  replace(nav,
    links.map(([href, key]) => h("a", { href, "aria-current": current === href ? "page" : null }, t(key),
      href === "#/outbox" ? h("span", { class: "badge", id: "outbox-count", hidden: true }) : null)),
    menu);
  document.querySelector(".skip-link").textContent = t("nav.skip");
  nav.setAttribute("aria-label", t("nav.main"));
  refreshStatus();
}

/** Show whether the device is online and how many evaluations wait to be sent. */
async function refreshStatus() {
  const waiting = app.session ? (await outbox.unsent()).length : 0;
  const badge = document.getElementById("outbox-count");
  if (badge) {
    badge.hidden = waiting === 0;
    badge.textContent = String(waiting);
    badge.setAttribute("aria-label", t("outbox.badge", { count: waiting }));
  }
  connection.hidden = navigator.onLine;
  connection.textContent = navigator.onLine ? "" : t("status.offline", { count: waiting });
}

let retryTimer = null;
/** Drain the outbox now and plan the next try for whatever must wait for its backoff. */
async function sendOutbox({ force = false } = {}) {
  clearTimeout(retryTimer);
  if (!app.session) return null;
  const result = await outbox.drain({ force });
  const due = await outbox.nextDue();
  if (due !== null) retryTimer = setTimeout(() => sendOutbox(), Math.max(1000, due - Date.now()));
  refreshStatus();
  return result;
}

async function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  try {
    const registration = await navigator.serviceWorker.register("/sw.js", { type: "module", scope: "/" });
    if (!registration) return;
    const offerUpdate = (worker) => {
      const banner = h("div", { class: "update-banner", role: "status" }, t("update.available"),
        h("button", { type: "button", onclick: () => worker.postMessage({ type: "skip-waiting" }) }, t("update.reload")));
      document.body.append(banner);
    };
    if (registration.waiting) offerUpdate(registration.waiting);
    registration.addEventListener("updatefound", () => {
      // The very first install is no update: there is nothing older to replace.
      if (!navigator.serviceWorker.controller) return;
      const worker = registration.installing;
      worker.addEventListener("statechange", () => { if (worker.state === "installed") offerUpdate(worker); });
    });
    let reloading = false;
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      if (reloading || !document.querySelector(".update-banner")) return;
      reloading = true;
      location.reload();
    });
  } catch (error) {
    console.warn("service worker not registered", error);
  }
}

/** Ask the browser to fire a Background Sync for the outbox where it can (Safari cannot). */
app.requestBackgroundSync = async () => {
  if (!("serviceWorker" in navigator)) return;
  const registration = await navigator.serviceWorker.getRegistration();
  if (registration && registration.sync) await registration.sync.register("outbox").catch(() => {});
};

async function start() {
  // What the tester typed just before the last reload goes into the drafts before any view reads them.
  await recoverEdits();
  window.addEventListener("pagehide", flushEdits);
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") flushEdits(); });
  await setLanguage(preferredLanguage());
  app.session = (await getSession()) || null;
  onUnauthorized(() => {
    if (!app.session) return;
    // Keep the session: the tester may go on filling offline; sending waits for a new login.
    app.announce(t("session.expired"), { visible: true });
  });
  trackScroll(main);
  window.addEventListener("hashchange", render);
  window.addEventListener("online", () => { refreshStatus(); outbox.wakeUp().then(() => sendOutbox()); });
  window.addEventListener("offline", refreshStatus);
  outbox.onChange(refreshStatus);
  await render();
  registerServiceWorker();
  sendOutbox();
}

start();
