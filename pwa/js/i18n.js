// Interface texts in German and English: the browser's language unless the user picked one; German first.

export const LANGUAGES = ["de", "en"];
const PREFERENCE = "fieldcheck.lang";

let language = "de";
let messages = {};
let fallback = {};

/** The language to start with: the saved choice, else the browser's first supported one, else German. */
export function preferredLanguage() {
  const saved = localStorage.getItem(PREFERENCE);
  if (LANGUAGES.includes(saved)) return saved;
  for (const tag of navigator.languages || [navigator.language || ""]) {
    const base = tag.slice(0, 2).toLowerCase();
    if (LANGUAGES.includes(base)) return base;
  }
  return LANGUAGES[0];
}

async function load(lang) {
  const response = await fetch(`/i18n/${lang}.json`);
  if (!response.ok) throw new Error(`texts for ${lang} not found`);
  return response.json();
}

/** Load the texts of a language and make it current. */
export async function setLanguage(lang, { remember = false } = {}) {
  const [current, base] = await Promise.all([load(lang), lang === "de" ? null : load("de")]);
  messages = current;
  fallback = base || current;
  language = lang;
  document.documentElement.lang = lang;
  if (remember) localStorage.setItem(PREFERENCE, lang);
}

export const currentLanguage = () => language;

/** The text for `key` with `{name}` placeholders filled in. */
export function t(key, params = {}) {
  const text = messages[key] ?? fallback[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

/** A template text (plain string or {de, en, ...}) in the current language, else German, else any. */
export function localized(text) {
  if (text === null || text === undefined) return "";
  if (typeof text === "string") return text;
  return text[language] ?? text.de ?? text.en ?? Object.values(text)[0] ?? "";
}

/** A date, time or number for display in the current language. */
export function formatDate(value, options = { dateStyle: "medium" }) {
  if (!value) return "";
  const date = typeof value === "string" && value.length === 10 ? new Date(`${value}T00:00:00`) : new Date(value);
  return new Intl.DateTimeFormat(language, options).format(date);
}

/** A span of time, written once where start and end share the day: "04.12.26, 17:53–18:15". */
export function formatRange(start, end, options = { dateStyle: "short", timeStyle: "short" }) {
  if (!start || !end) return [start && formatDate(start, options), end && formatDate(end, options)].filter(Boolean).join(" – ") || "–";
  return new Intl.DateTimeFormat(language, options).formatRange(new Date(start), new Date(end));
}

export function formatNumber(value, digits = 1) {
  if (value === null || value === undefined) return t("score.na");
  return new Intl.NumberFormat(language, { minimumFractionDigits: digits, maximumFractionDigits: digits })
    .format(roundHalfAway(value, digits));
}

// Reports round half away from zero (SCORING.md); Intl alone rounds half to even in places.
function roundHalfAway(value, digits) {
  const factor = 10 ** digits;
  return (Math.sign(value) * Math.round(Math.abs(value) * factor + 1e-9)) / factor;
}
