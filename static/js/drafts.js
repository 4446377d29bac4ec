// Drafts of a method's panel: typed text that survives redraws, reconnects and reloads
// (sessionStorage, saved a moment after typing and when the page is left). Used by
// panel-kit.js (the ``drafts`` of its ``ctx``). Touches ``window`` only when a store is made.

export function draftStore(storageKey) {
  let data = {};
  let storage = null;
  try {
    storage = window.sessionStorage;
    data = JSON.parse(storage.getItem(storageKey) || "{}") || {};
    if (typeof data !== "object" || Array.isArray(data)) data = {};
  } catch (_err) {
    data = {};
  }
  let timer = null;
  const save = () => {
    timer = null;
    try {
      if (storage) {
        if (Object.keys(data).length) storage.setItem(storageKey, JSON.stringify(data));
        else storage.removeItem(storageKey);
      }
    } catch (_err) {
      // private mode or full storage: the drafts still live in memory while the page is open
    }
  };
  const later = () => {
    if (!timer) timer = setTimeout(save, 300);
  };
  window.addEventListener("pagehide", save);
  return {
    get: (key, fallback = "") => (Object.prototype.hasOwnProperty.call(data, key) ? data[key] : fallback),
    has: (key) => Object.prototype.hasOwnProperty.call(data, key),
    set(key, value) {
      data[key] = value;
      later();
    },
    delete(key) {
      if (Object.prototype.hasOwnProperty.call(data, key)) {
        delete data[key];
        later();
      }
    },
    keys: (prefix = "") => Object.keys(data).filter((k) => k.startsWith(prefix)),
    flush: save,
  };
}
