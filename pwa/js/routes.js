// Hash routes: which view answers which address, and who may see it.

const STAFF = ["reviewer", "admin"];
const ROUTES = [
  { pattern: /^#\/login$/, view: () => import("./views/login.js"), roles: null },
  { pattern: /^#\/assignments$/, view: () => import("./views/assignments.js"), roles: ["tester"] },
  { pattern: /^#\/a\/(\d+)(?:\/q\/([\w]+))?$/, view: () => import("./views/fill.js"), roles: ["tester"] },
  { pattern: /^#\/a\/(\d+)\/submit$/, view: () => import("./views/submit.js"), roles: ["tester"] },
  { pattern: /^#\/outbox$/, view: () => import("./views/outbox.js"), roles: ["tester"] },
  { pattern: /^#\/queue(?:\/(\w+))?$/, view: () => import("./views/queue.js"), roles: STAFF },
  { pattern: /^#\/e\/([\w-]+)$/, view: () => import("./views/evaluation.js"), roles: [...STAFF, "client"] },
  { pattern: /^#\/projects$/, view: () => import("./views/projects.js"), roles: [...STAFF, "client"] },
  { pattern: /^#\/projects\/(\d+)$/, view: () => import("./views/project.js"), roles: [...STAFF, "client"] },
  { pattern: /^#\/console(?:\/([\w/-]*))?$/, view: () => import("./console/main.js"), roles: ["admin"] },
];
const HOME = { tester: "#/assignments", reviewer: "#/queue", admin: "#/queue", client: "#/projects" };

/** The view for an address: {view, params} or {needsRole: hash to go to instead}. */
export function routeFor(hash, session) {
  const role = session && session.user ? session.user.role : null;
  if (!role && hash !== "#/login") return { needsRole: "#/login" };
  for (const route of ROUTES) {
    const match = route.pattern.exec(hash);
    if (!match) continue;
    if (route.roles && !route.roles.includes(role)) return { needsRole: HOME[role] || "#/login" };
    return { view: route.view, params: match.slice(1) };
  }
  return { needsRole: role ? HOME[role] : "#/login" };
}
