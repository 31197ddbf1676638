// The backend API (/api/v1, docs/api-contract.md): bearer token from the stored session, problem details on errors.
// DOM-free so that the service worker can use it too.

import { getSession } from "./store.js";

export const BASE = "/api/v1";

/** The request never got an HTTP answer (offline, DNS, aborted). */
export class NetworkError extends Error {
  constructor(cause) {
    super("network error");
    this.name = "NetworkError";
    this.cause = cause;
  }
}

/** An HTTP answer outside 2xx, with its problem details. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem || {};
    this.code = this.problem.code || null;
  }
}

const unauthorizedListeners = new Set();

/** Call `listener` whenever the server says the token is no longer valid. */
export function onUnauthorized(listener) {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

async function authHeaders() {
  const session = await getSession();
  return session && session.token ? { Authorization: `Bearer ${session.token}` } : {};
}

/** Send one request; resolves with the Response for 2xx, throws ApiError or NetworkError otherwise. */
export async function send(method, path, { json, form, headers = {}, auth = true } = {}) {
  const init = { method, headers: { Accept: "application/json, application/problem+json", ...headers } };
  if (auth) Object.assign(init.headers, await authHeaders());
  if (json !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(json);
  } else if (form !== undefined) {
    init.body = form;
  }
  let response;
  try {
    response = await fetch(BASE + path, init);
  } catch (error) {
    throw new NetworkError(error);
  }
  if (response.ok) return response;
  let problem = null;
  try { problem = await response.json(); } catch { /* not JSON: keep the status */ }
  const error = new ApiError(response.status, problem);
  if (response.status === 401 && auth) unauthorizedListeners.forEach((listener) => listener(error));
  throw error;
}

async function json(method, path, options) {
  const response = await send(method, path, options);
  return response.status === 204 ? null : response.json();
}

export const login = (email, password) => json("POST", "/auth/login", { json: { email, password }, auth: false });
export const logout = () => json("POST", "/auth/logout");
export const me = () => json("GET", "/me");
export const myAssignments = () => json("GET", "/me/assignments");

/** Which of these held assignment ids ended for the tester: [{id, reason, at, window_end, submit_until}]. */
export function endedAssignments(ids) {
  if (!ids.length) return Promise.resolve([]);
  const query = new URLSearchParams(ids.map((id) => ["id", String(id)]));
  return json("GET", `/me/assignments/ended?${query}`);
}

/** Upload one photo; resolves with {status, body} (201 first time, 200 when the server already has it). */
export async function putPhoto({ evaluationId, photoId, assignmentId, questionId, blob, takenAt }) {
  const form = new FormData();
  form.append("assignment_id", String(assignmentId));
  form.append("question_id", questionId);
  // Downscaling on the phone drops EXIF, so the capture time travels beside the file.
  if (takenAt) form.append("captured_at", takenAt);
  form.append("file", blob, `${photoId}.jpg`);
  const response = await send("PUT", `/evaluations/${evaluationId}/photos/${photoId}`, { form });
  return { status: response.status, body: await response.json() };
}

/** Submit (or resubmit) an evaluation; resolves with {status, body}. */
export async function putEvaluation(evaluationId, payload) {
  const response = await send("PUT", `/evaluations/${evaluationId}`, { json: payload });
  return { status: response.status, body: await response.json() };
}

export const getEvaluation = (id) => json("GET", `/evaluations/${id}`);
export const evaluationScores = (id) => json("GET", `/evaluations/${id}/scores`);
export const review = (id, action, comment) =>
  json("POST", `/evaluations/${id}/review`, { json: { action, comment: comment || null } });

/** A page of evaluations: {items, total}. */
export function listEvaluations({ status, projectId, limit = 50, offset = 0 } = {}) {
  const query = new URLSearchParams();
  if (status) query.set("status", status);
  if (projectId) query.set("project_id", String(projectId));
  query.set("limit", String(limit));
  query.set("offset", String(offset));
  return json("GET", `/evaluations?${query}`);
}

export const projects = () => json("GET", "/projects");

export function projectScores(id, { waveId, locationId, persona } = {}) {
  const query = new URLSearchParams();
  if (waveId) query.set("wave_id", String(waveId));
  if (locationId) query.set("location_id", String(locationId));
  if (persona) query.set("persona", persona);
  const suffix = query.toString() ? `?${query}` : "";
  return json("GET", `/projects/${id}/scores${suffix}`);
}

/** A binary resource (photo, PDF, CSV) fetched with the bearer header. */
export async function blob(path) {
  const response = await send("GET", path, { headers: { Accept: "*/*" } });
  return response.blob();
}
