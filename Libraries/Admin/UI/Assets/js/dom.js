// DOM helpers. Everything from data goes in as text (Node.append with strings, textContent): no HTML is ever
// parsed from an API answer.

/** Creates an element: attributes (on* are listeners), then children (nodes, or strings as text). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "class") element.className = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

export function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

/** Replaces an element's children; like `append`, it leaves out null, undefined and false. */
export function replace(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

const localFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** A time in the browser's zone, with the UTC time on hover. */
export function time(iso) {
  if (!iso) return h("span", { class: "muted" }, "—");
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return h("time", { datetime: date.toISOString(), title: `UTC ${date.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z")}` }, localFormat.format(date));
}

export function badge(text) {
  return h("span", { class: `badge ${String(text).replace(/[^a-z_-]/gi, "")}` }, String(text));
}

/** A table: columns are { label, value(row) → node or text, class? }. */
export function table(columns, rows, { empty = "Nothing here.", caption } = {}) {
  if (!rows.length) return h("p", { class: "muted" }, empty);
  return h("div", { class: "table-wrap" },
    h("table", {},
      caption ? h("caption", { class: "muted" }, caption) : null,
      h("thead", {}, h("tr", {}, columns.map((column) => h("th", { scope: "col", class: column.class }, column.label)))),
      h("tbody", {}, rows.map((row) => h("tr", {}, columns.map((column) => h("td", { class: column.class }, column.value(row))))))));
}

/** Name/value pairs as a definition list. */
export function fields(pairs) {
  return h("dl", { class: "fields" }, pairs.filter(Boolean).flatMap(([name, value]) => [h("dt", {}, name), h("dd", {}, value ?? "—")]));
}

/** JSON, pretty-printed, as text. */
export function json(value) {
  return h("pre", {}, value === undefined ? "—" : JSON.stringify(value, null, 2));
}

/** Asks before a destructive action, in a modal dialog (Escape or Cancel says no). */
export function confirmAction(message, { confirmLabel = "Confirm", danger = true } = {}) {
  return new Promise((resolve) => {
    const dialog = h("dialog", { "aria-labelledby": "confirm-title", class: "confirm" },
      h("h2", { id: "confirm-title" }, "Please confirm"),
      h("p", {}, message),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "cancel", onclick: () => dialog.close("no") }, "Cancel"),
        h("button", { type: "button", class: danger ? "danger confirm-yes" : "primary confirm-yes", onclick: () => dialog.close("yes") }, confirmLabel)));
    dialog.addEventListener("close", () => { dialog.remove(); resolve(dialog.returnValue === "yes"); });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector(".cancel").focus();
  });
}

/** An error box in plain words. */
export function errorBox(error) {
  return h("div", { class: "error", role: "alert" }, error?.plain ?? String(error?.message ?? error));
}

export function notAvailable(what) {
  return h("div", { class: "notice not-available" }, `${what} is not available on this server yet (the API answered 404).`);
}

export function toast(message) {
  const box = document.getElementById("toast");
  box.textContent = message;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.textContent = ""; }, 4000);
}

/** A button that runs an async action, shows its error in `errors` and disables itself meanwhile. */
export function actionButton(label, action, { class: className, errors, title } = {}) {
  const button = h("button", { type: "button", class: className, title }, label);
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await action();
    } catch (error) {
      (errors ?? document.getElementById("main")).prepend(errorBox(error));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

/** datetime-local input value ↔ ISO 8601 in UTC. */
export function localInputToISO(value) {
  return value ? new Date(value).toISOString() : "";
}

export function isoToLocalInput(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return shifted.toISOString().slice(0, 16);
}
