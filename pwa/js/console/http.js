// The documented API as the console uses it: JSON in and out over the app's authenticated `send`.

import { ApiError, NetworkError, send } from "../api.js";
import { ct } from "./texts.js";

async function body(response) {
  if (response.status === 204) return null;
  const type = response.headers.get("content-type") || "";
  return type.includes("json") ? response.json() : response;
}

export const getJson = (path) => send("GET", path).then(body);
export const postJson = (path, json) => send("POST", path, { json }).then(body);
export const patchJson = (path, json) => send("PATCH", path, { json }).then(body);
export const remove = (path) => send("DELETE", path).then(body);

/** POST a text body (a YAML template) under its own content type; `send` passes any body through. */
export const postText = (path, text, contentType) =>
  send("POST", path, { form: text, headers: { "Content-Type": contentType } }).then(body);

/** Send one file as the multipart field `file` (CSV imports, logos). */
export function sendFile(method, path, file) {
  const form = new FormData();
  form.append("file", file, file.name || "upload");
  return send(method, path, { form }).then(body);
}

/** A query string from the defined values only. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** Every page of a paged list ({items, total}). */
export async function allPages(path, params = {}, limit = 500) {
  const items = [];
  for (let offset = 0; ; offset += limit) {
    const page = await getJson(path + query({ ...params, limit, offset }));
    items.push(...page.items);
    if (items.length >= page.total || page.items.length === 0) return items;
  }
}

/** A sentence for a failed request: the server's problem detail, or what went wrong on the way. */
export function problemText(error) {
  if (error instanceof NetworkError) return ct("console.error.offline");
  if (error instanceof ApiError) return error.message;
  return String((error && error.message) || error);
}

/** The field errors of a 422 as [{path, message}] (empty for other failures). */
export function fieldErrors(error) {
  return error instanceof ApiError && Array.isArray(error.problem.errors) ? error.problem.errors : [];
}
