// Unpublished editor texts, kept per template key for the browser session so that a re-render loses nothing.

const PREFIX = "fieldcheck.console.template.";

/** {source, format, isNew, base} or null. */
export function loadDraft(key) {
  try {
    return JSON.parse(sessionStorage.getItem(PREFIX + key));
  } catch {
    return null;
  }
}

export function saveDraft(key, draft) {
  sessionStorage.setItem(PREFIX + key, JSON.stringify(draft));
}

export function dropDraft(key) {
  sessionStorage.removeItem(PREFIX + key);
}

/** The template text with its key replaced (YAML: the top-level `key:` line; JSON: the key field). */
export function withKey(source, format, key) {
  if (format === "json") {
    const document = JSON.parse(source);
    document.key = key;
    return `${JSON.stringify(document, null, 2)}\n`;
  }
  const line = /^key:[ \t]*[^\n#]*?([ \t]+#[^\n]*)?$/m;
  return line.test(source) ? source.replace(line, (_, comment) => `key: ${key}${comment || ""}`) : `key: ${key}\n${source}`;
}
