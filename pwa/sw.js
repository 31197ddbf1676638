// The service worker: precaches the app shell per version and drains the outbox on Background Sync.
// The backend fills in VERSION (a hash of every shell file) and SHELL_FILES (the shell's file list).

import { drain } from "/js/outbox.js";

const VERSION = "__SHELL_VERSION__";
const SHELL_FILES = ["__SHELL_FILES__"];
const PREFIX = "fieldcheck-shell-";
const CACHE = PREFIX + VERSION;
const SHELL = new Set(SHELL_FILES);

self.addEventListener("install", (event) => {
  // All or nothing: a version that cannot cache every file never installs, so the old one keeps working.
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll(SHELL_FILES.map((url) => new Request(url, { cache: "reload" })))),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  // The page asks for the waiting version once the tester agreed to reload.
  if (event.data && event.data.type === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate" && url.pathname === "/") {
    // The app routes by hash, so every visit to it is "/"; other pages (/docs) stay on the network.
    event.respondWith(fromCache("/", request));
  } else if (SHELL.has(url.pathname)) {
    event.respondWith(fromCache(url.pathname, request));
  }
});

async function fromCache(key, request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(key);
  return cached || fetch(request);
}

self.addEventListener("sync", (event) => {
  if (event.tag !== "outbox") return;
  event.waitUntil(drain().then((result) => {
    // A rejected promise asks the browser to fire the sync again later.
    if (result && result.waiting > 0) throw new Error("outbox still has items waiting");
  }));
});
