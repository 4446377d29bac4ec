// Shared by the live pages: Django's JavaScript catalogue (loaded before the modules) and a
// small DOM builder. User text always goes in as text nodes or textContent, never as HTML.
// Safe to import without a DOM (the node tests): only h() and hiddenLabel() touch `document`,
// and reconcileChildren() the nodes it is given, when called.

export const gettext = (text) => (typeof globalThis.gettext === "function" ? globalThis.gettext(text) : text);
export const ngettext = (one, many, n) => (typeof globalThis.ngettext === "function"
  ? globalThis.ngettext(one, many, n) : (n === 1 ? one : many));
/** "%(name)s" placeholders, as in Django's interpolate(…, true). */
export const format = (text, values) => text.replace(/%\((\w+)\)s/g, (_m, key) => String(values[key] ?? ""));

/** ``text`` on one line, cut to ``max`` characters with "…". */
export function shorten(text, max = 60) {
  const clean = String(text || "").replace(/\s+/g, " ").trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/**
 * The start of ``text`` for a phone's "now" view: its first sentence, and the second too when the
 * first is short, as long as that stays within ``max`` characters; [short, rest] where ``rest`` is
 * what is left out ("" when nothing is). A text without a sentence end within ``max`` is cut at a
 * word with "…".
 */
export function firstSentences(text, max = 160) {
  const clean = String(text || "").trim();
  if (clean.length <= max) return [clean, ""];
  const sentences = clean.match(/[^.!?]+(?:[.!?]+["')\]]*|$)\s*/g) || [clean];
  let short = "";
  for (const sentence of sentences) {
    const next = short + sentence;
    if (next.trim().length > max || (short && short.trim().length >= 60)) break;
    short = next;
  }
  short = short.trim();
  if (!short) {
    const cut = clean.slice(0, max - 1);
    short = `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max / 2)).trim()}…`;
  }
  return [short, clean];
}

/** Set an element's text only when it differs (no needless DOM change; null is left alone). */
export function setText(el, text) {
  if (el && el.textContent !== text) el.textContent = text;
}

// Set as properties, not attributes, so that they reflect the element's current state.
const PROPS = new Set(["value", "checked", "disabled", "hidden", "open", "selected", "maxLength", "required",
  "min", "max", "step"]);

/**
 * h("p", {class, text, data: {…}, on: {click: fn}, …attributes}, ...children): an element.
 * Children are nodes or strings (arrays are flattened; null and false are left out).
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  for (const [key, value] of Object.entries(props || {})) {
    if (value == null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "on") for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    else if (key === "data") for (const [name, v] of Object.entries(value)) el.dataset[name] = String(v);
    else if (PROPS.has(key)) el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  return el;
}

/** Text for screen readers only, say what a button is about ("Delete: <title>"). */
export function hiddenLabel(text) {
  return h("span", { class: "visually-hidden" }, text);
}

/** Put ``nodes`` into ``parent`` in order, moving only what changed. */
export function reconcileChildren(parent, nodes) {
  let index = 0;
  for (const node of nodes) {
    const current = parent.children[index];
    if (current !== node) parent.insertBefore(node, current || null);
    index += 1;
  }
  while (parent.children.length > index) parent.lastElementChild.remove();
}
