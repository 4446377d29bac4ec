// The outbox of a live page: the ops this device sent and has not yet seen confirmed, kept in
// localStorage so they survive a reload, and the op ids that make sending them again safe
// (the server answers a repeated op id with the same ack). Used by live.js.

/** A random version-4 UUID; ``crypto.randomUUID`` only exists on https and localhost. */
export function newOpId(cryptoObj = globalThis.crypto) {
  if (cryptoObj && typeof cryptoObj.randomUUID === "function") {
    try {
      return cryptoObj.randomUUID();
    } catch (_err) {
      // fall through: insecure context in some browsers
    }
  }
  const bytes = new Uint8Array(16);
  if (cryptoObj && typeof cryptoObj.getRandomValues === "function") {
    cryptoObj.getRandomValues(bytes);
  } else {
    for (let i = 0; i < 16; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The ops this device has not yet seen confirmed, in localStorage so they survive a reload.
 * An entry is the op and nothing else: {op, kind, data}. No names or contact details.
 */
export class Outbox {
  constructor(key, storage) {
    this.key = key;
    this.storage = storage;
    this.memory = [];
    this.memory = this.read();
  }

  read() {
    try {
      const raw = this.storage ? this.storage.getItem(this.key) : null;
      if (!raw) return this.memory;
      const list = JSON.parse(raw);
      return Array.isArray(list)
        ? list.filter((e) => e && typeof e.op === "string" && typeof e.kind === "string")
        : [];
    } catch (_err) {
      return this.memory; // private mode, full storage, damaged JSON: keep going in memory
    }
  }

  write(list) {
    this.memory = list;
    try {
      if (!this.storage) return;
      if (list.length) this.storage.setItem(this.key, JSON.stringify(list));
      else this.storage.removeItem(this.key);
    } catch (_err) {
      // storage refused: the in-memory copy still sends it while the page is open
    }
  }

  all() {
    return this.read().slice();
  }

  add(entry) {
    const list = this.read().filter((e) => e.op !== entry.op);
    list.push({ op: entry.op, kind: entry.kind, data: entry.data });
    this.write(list);
  }

  remove(op) {
    const list = this.read();
    const next = list.filter((e) => e.op !== op);
    if (next.length !== list.length) this.write(next);
    return next.length !== list.length;
  }

  has(op) {
    return this.read().some((e) => e.op === op);
  }

  clear() {
    this.write([]);
  }
}

/** localStorage, or null where the browser blocks it. */
export function safeStorage() {
  try {
    return globalThis.localStorage || null;
  } catch (_err) {
    return null; // blocked storage throws on access
  }
}
