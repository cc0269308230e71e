// Jobs: filter by state, queue, kind, tag and creation time; page through; open one for its payload, attempts,
// errors, result and logs; retry, cancel, delete; bulk actions on the selection or on the whole filter.
import { ApiError, api, optional, withQuery } from "../api.js";
import { actionButton, badge, confirmAction, errorBox, fields, h, isoToLocalInput, json, localInputToISO, notAvailable, replace, table, time, toast } from "../dom.js";
import { Selection, runBulk } from "./bulk.js";

const STATES = ["available", "scheduled", "running", "retryable", "completed", "cancelled", "discarded"];
const RETRYABLE = ["discarded", "cancelled"];
const CANCELLABLE = ["available", "scheduled", "running", "retryable"];
const FILTERS = ["state", "queue", "kind", "tag", "created_after", "created_before"];

export async function singleJobAction(action, id) {
  if (action === "retry") return api("POST", `/v1/jobs/${id}/retry`);
  if (action === "cancel") return api("POST", `/v1/jobs/${id}/cancel`);
  throw new ApiError(404, "not_available", "deleting single jobs needs the bulk API", null);
}

function filterForm(query, ctx) {
  const input = (name, attributes = {}) => h("input", { name, id: `filter-${name}`, value: query.get(name) ?? "", ...attributes });
  const state = h("select", { name: "state", id: "filter-state" }, h("option", { value: "" }, "any"),
    STATES.map((s) => h("option", { value: s, selected: query.get("state") === s }, s)));
  const after = input("created_after", { type: "datetime-local", value: isoToLocalInput(query.get("created_after")) });
  const before = input("created_before", { type: "datetime-local", value: isoToLocalInput(query.get("created_before")) });
  const form = h("form", { class: "filters", id: "job-filters", onsubmit: (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = {};
    for (const name of FILTERS) next[name] = String(data.get(name) ?? "").trim();
    next.created_after = localInputToISO(next.created_after);
    next.created_before = localInputToISO(next.created_before);
    ctx.navigate("jobs", next);
  } },
  h("label", { for: "filter-state" }, "State", state),
  h("label", { for: "filter-queue" }, "Queue", input("queue")),
  h("label", { for: "filter-kind" }, "Kind", input("kind")),
  h("label", { for: "filter-tag" }, "Tag", input("tag")),
  h("label", { for: "filter-created_after" }, "Created after", after),
  h("label", { for: "filter-created_before" }, "Created before", before),
  h("button", { type: "submit", class: "primary" }, "Filter"),
  h("a", { href: "#/jobs" }, "Clear"));
  return form;
}

export async function jobsPage(target, _params, query, ctx) {
  const filter = Object.fromEntries(FILTERS.filter((name) => query.get(name)).map((name) => [name, query.get(name)]));
  const errors = h("div", {});
  const list = h("div", { id: "jobs-list" });
  const selection = new Selection(() => toolbar.update());
  const toolbar = bulkToolbar(ctx, selection, filter, errors, () => load());
  target.append(h("h1", {}, "Jobs"), filterForm(query, ctx), errors, ctx.can("write") ? toolbar.element : null, list);

  async function load() {
    const page = await api("GET", withQuery("/v1/jobs", { ...filter, cursor: query.get("cursor"), limit: 50 }));
    const write = ctx.can("write");
    const columns = [
      write ? { label: selection.all(page.data.map((job) => job.id)), value: (job) => selection.box(job.id, `Select job ${job.id}`) } : null,
      { label: "ID", value: (job) => h("a", { href: `#/jobs/${job.id}` }, String(job.id)) },
      { label: "Queue", value: (job) => job.queue },
      { label: "Kind", value: (job) => job.kind },
      { label: "State", value: (job) => badge(job.state) },
      { label: "Attempt", class: "num", value: (job) => `${job.attempt}/${job.max_attempts}` },
      { label: "Tags", class: "hide-narrow", value: (job) => (job.tags ?? []).join(", ") },
      { label: "Run at", class: "hide-narrow", value: (job) => time(job.run_at) },
      { label: "Created", value: (job) => time(job.created_at) },
    ].filter(Boolean);
    const pager = h("div", { class: "pager" },
      query.get("cursor") ? h("a", { href: `#/jobs?${new URLSearchParams(filter)}` }, "First page") : null,
      page.next_cursor ? h("a", { href: `#/jobs?${new URLSearchParams({ ...filter, cursor: page.next_cursor })}`, id: "next-page" }, "Next page") : null);
    replace(list, table(columns, page.data, { empty: "No jobs match." }), pager);
    toolbar.update();
  }
  await load();
  ctx.onRefresh(load);
}

function bulkToolbar(ctx, selection, filter, errors, reload) {
  const count = h("span", { class: "muted" });
  const run = (action, scope) => runBulk({
    path: "/v1/jobs/bulk", action, errors, done: reload,
    ids: scope === "selection" ? selection.list() : undefined, filter: scope === "filter" ? filter : undefined,
    single: action === "delete" ? null : singleJobAction,
  });
  const selected = ["retry", "cancel", "delete"].map((action) =>
    actionButton(`${action[0].toUpperCase()}${action.slice(1)} selected`, () => run(action, "selection"), { class: action === "delete" ? "danger" : "", errors }));
  const matching = ["retry", "cancel", "delete"].map((action) =>
    actionButton(`${action[0].toUpperCase()}${action.slice(1)} all matching`, () => run(action, "filter"), { errors, title: "Everything matching the filter, on every page" }));
  const element = h("div", { class: "toolbar", id: "bulk-actions" }, count, selected, matching);
  return {
    element,
    update() {
      count.textContent = `${selection.ids.size} selected`;
      for (const button of selected) button.disabled = selection.ids.size === 0;
    },
  };
}

export async function jobPage(target, [id], _query, ctx) {
  const errors = h("div", {});
  const body = h("div", {});
  target.append(h("p", {}, h("a", { href: "#/jobs" }, "← Jobs")), h("h1", {}, `Job ${id}`), errors, body);

  async function load() {
    const [job, logs] = await Promise.all([api("GET", `/v1/jobs/${id}`), optional(`/v1/jobs/${id}/logs`)]);
    const actions = h("div", { class: "actions", id: "job-actions" });
    if (ctx.can("write")) {
      if (RETRYABLE.includes(job.state)) actions.append(actionButton("Retry", async () => {
        await api("POST", `/v1/jobs/${id}/retry`);
        toast(`job ${id} queued again`);
        await load();
      }, { class: "primary", errors }));
      if (CANCELLABLE.includes(job.state)) actions.append(actionButton("Cancel", async () => {
        if (!(await confirmAction(`Cancel job ${id}?`, { confirmLabel: "Cancel job" }))) return;
        const answer = await api("POST", `/v1/jobs/${id}/cancel`);
        toast(answer.outcome === "cancelled" ? `job ${id} cancelled` : `job ${id} asked to stop`);
        await load();
      }, { errors }));
      actions.append(actionButton("Delete", async () => {
        if (!(await confirmAction(`Delete job ${id}? This cannot be undone.`, { confirmLabel: "Delete job" }))) return;
        try {
          await api("POST", "/v1/jobs/bulk", { action: "delete", ids: [Number(id)], dry_run: false });
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) return errors.prepend(notAvailable("Deleting jobs"));
          throw error;
        }
        toast(`job ${id} deleted`);
        ctx.navigate("jobs");
      }, { class: "danger", errors }));
    }
    replace(body,
      actions,
      fields([
        ["State", h("span", { id: "job-state" }, badge(job.state))], ["Queue", job.queue], ["Kind", job.kind],
        ["Attempt", `${job.attempt} of ${job.max_attempts}`], ["Priority", String(job.priority)], ["Tags", (job.tags ?? []).join(", ") || "—"],
        ["Run at", time(job.run_at)], ["Created", time(job.created_at)], ["Finished", time(job.finished_at)],
        ["Unique key", job.unique_key ?? "—"], ["Locked by", job.locked_by ?? "—"],
        "timeout_seconds" in job ? ["Timeout", job.timeout_seconds == null ? "—" : `${job.timeout_seconds} s`] : null,
      ]),
      h("h2", {}, "Payload"), json(job.payload),
      h("h2", {}, "Attempts and errors"),
      table([{ label: "Attempt", class: "num", value: (e) => String(e.attempt) }, { label: "At", value: (e) => time(e.at) }, { label: "Error", value: (e) => e.error }],
        job.errors ?? [], { empty: "No failed attempts." }),
      h("h2", {}, "Result"), "result" in job ? json(job.result) : notAvailable("Job results"),
      h("h2", {}, "Logs"),
      logs === null ? notAvailable("Job logs") : table([{ label: "At", value: (l) => time(l.at) }, { label: "Message", value: (l) => l.message }], logs.data, { empty: "No log lines." }));
  }
  try {
    await load();
  } catch (error) {
    replace(body, errorBox(error));
    return;
  }
  ctx.onRefresh(load);
}
