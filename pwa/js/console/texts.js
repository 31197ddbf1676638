// The console's texts (pwa/i18n/console/<lang>.json) beside the app's own: German first, then the app's texts.

import { currentLanguage, t } from "../i18n.js";

let loadedLanguage = null;
let messages = {};
let fallback = {};

async function load(lang) {
  const response = await fetch(`/i18n/console/${lang}.json`);
  if (!response.ok) throw new Error(`console texts for ${lang} not found`);
  return response.json();
}

/** Load the console texts of the app's current language (once per language). */
export async function loadTexts() {
  const lang = currentLanguage();
  if (lang === loadedLanguage) return;
  const [current, base] = await Promise.all([load(lang), lang === "de" ? null : load("de")]);
  messages = current;
  fallback = base || current;
  loadedLanguage = lang;
}

/** The console text for `key` with `{name}` placeholders filled in; the app's texts answer the rest. */
export function ct(key, params = {}) {
  const text = messages[key] ?? fallback[key];
  if (text === undefined) return t(key, params);
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}
