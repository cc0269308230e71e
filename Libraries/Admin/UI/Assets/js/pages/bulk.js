// Bulk actions on jobs and DLQ entries: on the selected rows or on everything matching the filter, with the
// count shown before confirming. Until the bulk API exists on the server, selections fall back to one call per
// row where a single-row route exists, and "everything matching" says it is not available.
import { ApiError, api } from "../api.js";
import { confirmAction, errorBox, h, toast } from "../dom.js";

/**
 * path: "/v1/jobs/bulk" or "/v1/dlq/bulk"; single(action, id): the one-row call, or null when there is none;
 * extra: more body fields (reset_attempts).
 */
export async function runBulk({ path, action, ids, filter, single, extra = {}, errors, done }) {
  const body = { action, ...extra, ...(ids ? { ids } : { filter }) };
  let preview;
  try {
    preview = await api("POST", path, { ...body, dry_run: true });
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    if (!ids || !single) {
      errors.prepend(h("div", { class: "notice not-available" }, `Bulk ${action} is not available on this server yet (the API answered 404).`));
      return;
    }
    if (!(await confirmAction(`${action} ${ids.length} selected row${ids.length === 1 ? "" : "s"}?`, { confirmLabel: action }))) return;
    let failed = 0;
    for (const id of ids) {
      try { await single(action, id); } catch (inner) { failed++; errors.prepend(errorBox(inner)); }
    }
    toast(`${action}: ${ids.length - failed} done${failed ? `, ${failed} failed` : ""}`);
    return done();
  }
  const scope = ids ? "selected" : "matching this filter";
  const count = `${preview.matched}${preview.capped ? "+ (capped)" : ""}`;
  if (!(await confirmAction(`${action} ${count} job${preview.matched === 1 ? "" : "s"} ${scope}?`, { confirmLabel: `${action} ${preview.matched}` }))) return;
  const result = await api("POST", path, { ...body, dry_run: false });
  toast(`${action}: ${result.affected} of ${result.matched} affected${result.capped ? " (capped: run again for the rest)" : ""}`);
  return done();
}

/** Checkbox selection of rows by id, kept across refreshes of the same page. */
export class Selection {
  constructor(onChange) {
    this.ids = new Set();
    this.onChange = onChange;
  }

  box(id, label) {
    return h("input", { type: "checkbox", class: "select-row", "aria-label": label, checked: this.ids.has(id), onchange: (event) => {
      event.target.checked ? this.ids.add(id) : this.ids.delete(id);
      this.onChange();
    } });
  }

  all(ids) {
    return h("input", { type: "checkbox", "aria-label": "Select all rows on this page", checked: ids.length > 0 && ids.every((id) => this.ids.has(id)), onchange: (event) => {
      for (const id of ids) event.target.checked ? this.ids.add(id) : this.ids.delete(id);
      event.target.closest("table")?.querySelectorAll(".select-row").forEach((box) => { box.checked = event.target.checked; });
      this.onChange();
    } });
  }

  list() { return [...this.ids]; }
}
