// Dead-letter queue: discarded jobs by kind; requeue (with or without resetting attempts), delete, bulk.
import { api, withQuery } from "../api.js";
import { actionButton, confirmAction, h, replace, table, time, toast } from "../dom.js";
import { Selection, runBulk } from "./bulk.js";

async function single(action, id, reset = true) {
  if (action === "requeue") return api("POST", `/v1/dlq/${id}/requeue`, { reset_attempts: reset });
  return api("DELETE", `/v1/dlq/${id}`);
}

export async function dlqPage(target, _params, query, ctx) {
  const kind = query.get("kind") ?? "";
  const errors = h("div", {});
  const list = h("div", { id: "dlq-list" });
  const count = h("span", { class: "muted" });
  const selection = new Selection(() => { count.textContent = `${selection.ids.size} selected`; });
  const reset = h("input", { type: "checkbox", id: "reset-attempts", checked: true });
  const bulk = (action, scope) => runBulk({
    path: "/v1/dlq/bulk", action, errors, done: load, extra: action === "requeue" ? { reset_attempts: reset.checked } : {},
    ids: scope === "selection" ? selection.list() : undefined, filter: scope === "filter" ? (kind ? { kind } : {}) : undefined,
    single: (name, id) => single(name, id, reset.checked),
  });
  const form = h("form", { class: "filters", onsubmit: (event) => {
    event.preventDefault();
    ctx.navigate("dlq", { kind: new FormData(form).get("kind").trim() });
  } }, h("label", { for: "dlq-kind" }, "Kind", h("input", { id: "dlq-kind", name: "kind", value: kind })), h("button", { type: "submit", class: "primary" }, "Filter"));
  const toolbar = ctx.can("write") ? h("div", { class: "toolbar" }, count,
    h("label", { class: "inline", for: "reset-attempts" }, reset, "Reset attempts"),
    actionButton("Requeue selected", () => bulk("requeue", "selection"), { errors }),
    actionButton("Delete selected", () => bulk("delete", "selection"), { class: "danger", errors }),
    actionButton("Requeue all matching", () => bulk("requeue", "filter"), { errors }),
    actionButton("Delete all matching", () => bulk("delete", "filter"), { class: "danger", errors })) : null;
  target.append(h("h1", {}, "Dead-letter queue"), form, errors, toolbar, list);

  async function load() {
    const page = await api("GET", withQuery("/v1/dlq", { kind, cursor: query.get("cursor") }));
    const write = ctx.can("write");
    const rowActions = (job) => h("div", { class: "actions" },
      actionButton("Requeue", async () => {
        await single("requeue", job.id, true);
        toast(`job ${job.id} requeued`);
        await load();
      }, { class: "primary requeue", errors }),
      actionButton("Requeue, keep attempts", async () => {
        await single("requeue", job.id, false);
        toast(`job ${job.id} requeued for one more attempt`);
        await load();
      }, { errors }),
      actionButton("Delete", async () => {
        if (!(await confirmAction(`Delete discarded job ${job.id}? This cannot be undone.`, { confirmLabel: "Delete" }))) return;
        await single("delete", job.id);
        toast(`job ${job.id} deleted`);
        await load();
      }, { class: "danger", errors }));
    replace(list, table([
      write ? { label: selection.all(page.data.map((job) => job.id)), value: (job) => selection.box(job.id, `Select job ${job.id}`) } : null,
      { label: "ID", value: (job) => h("a", { href: `#/jobs/${job.id}` }, String(job.id)) },
      { label: "Queue", value: (job) => job.queue },
      { label: "Kind", value: (job) => job.kind },
      { label: "Attempts", class: "num", value: (job) => `${job.attempt}/${job.max_attempts}` },
      { label: "Last error", value: (job) => job.errors?.at(-1)?.error ?? "—" },
      { label: "Discarded", value: (job) => time(job.finished_at) },
      write ? { label: "Actions", value: rowActions } : null,
    ].filter(Boolean), page.data, { empty: "The dead-letter queue is empty." }),
    page.next_cursor ? h("div", { class: "pager" }, h("a", { href: `#/dlq?${new URLSearchParams({ kind, cursor: page.next_cursor })}` }, "Next page")) : null);
    count.textContent = `${selection.ids.size} selected`;
  }
  await load();
  ctx.onRefresh(load);
}
