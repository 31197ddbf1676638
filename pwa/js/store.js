// IndexedDB: the session, assignments with their templates, drafts, photos and the outbox.
// DOM-free so that the service worker can drain the outbox with the same code.

const DB_NAME = "fieldcheck";
const DB_VERSION = 1;
export const STORES = ["kv", "assignments", "drafts", "photos", "outbox"];

let opening = null;

/** The open database (opened once, upgraded in place). */
export function openDb() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore("kv");
        db.createObjectStore("assignments", { keyPath: "id" });
        db.createObjectStore("drafts", { keyPath: "evaluation_id" })
          .createIndex("assignment_id", "assignment_id");
        db.createObjectStore("photos", { keyPath: "id" })
          .createIndex("evaluation_id", "evaluation_id");
        db.createObjectStore("outbox", { keyPath: "evaluation_id" });
      };
      request.onsuccess = () => {
        const db = request.result;
        // Another tab (or a newer app version) wants to upgrade: let it, and reopen next time.
        db.onversionchange = () => { db.close(); opening = null; };
        resolve(db);
      };
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error("database upgrade blocked by another tab"));
    });
    opening.catch(() => { opening = null; });
  }
  return opening;
}

/** A request as a promise. */
export function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Run `work(stores)` in one transaction and resolve once it is durably committed.
 * `work` may only await requests of this transaction, or the transaction closes early.
 */
export async function transaction(names, mode, work) {
  const db = await openDb();
  const tx = db.transaction(names, mode, { durability: "strict" });
  const stores = Object.fromEntries(names.map((name) => [name, tx.objectStore(name)]));
  const committed = new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error("transaction aborted"));
  });
  let result;
  try {
    result = await work(stores);
  } catch (error) {
    try { tx.abort(); } catch { /* already finished */ }
    throw error;
  }
  await committed;
  return result;
}

export const get = (name, key) => transaction([name], "readonly", (s) => done(s[name].get(key)));
export const all = (name) => transaction([name], "readonly", (s) => done(s[name].getAll()));
export const put = (name, value, key) =>
  transaction([name], "readwrite", (s) => done(key === undefined ? s[name].put(value) : s[name].put(value, key)));
export const remove = (name, key) => transaction([name], "readwrite", (s) => done(s[name].delete(key)));
export const allByIndex = (name, index, key) =>
  transaction([name], "readonly", (s) => done(s[name].index(index).getAll(key)));

/** Empty every store (logout). */
export function clearAll() {
  return transaction(STORES, "readwrite", (s) => Promise.all(STORES.map((name) => done(s[name].clear()))));
}

export const getSession = () => get("kv", "session");
export const setSession = (session) => put("kv", session, "session");
