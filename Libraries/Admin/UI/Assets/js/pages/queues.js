// Queues: depth, running, oldest due job, paused state and limit; pause and resume (whole queue or one kind).
import { api, optional } from "../api.js";
import { actionButton, badge, confirmAction, h, notAvailable, replace, table, toast } from "../dom.js";

function age(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export async function queuesPage(target, _params, _query, ctx) {
  const errors = h("div", {});
  const body = h("div", { id: "queues" });
  target.append(h("h1", {}, "Queues"), errors, body);

  async function load() {
    const queues = await optional("/v1/queues");
    if (queues === null) return replace(body, notAvailable("Queue controls"));
    const control = (queue) => {
      if (!ctx.can("write")) return null;
      const path = `/v1/queues/${encodeURIComponent(queue.queue)}`;
      return queue.paused
        ? actionButton("Resume", async () => {
          await api("POST", `${path}/resume`, {});
          toast(`queue ${queue.queue} resumed`);
          await load();
        }, { class: "primary", errors })
        : actionButton("Pause", async () => {
          if (!(await confirmAction(`Pause queue ${queue.queue}? Workers stop claiming its jobs until it is resumed.`, { confirmLabel: "Pause queue" }))) return;
          await api("POST", `${path}/pause`, {});
          toast(`queue ${queue.queue} paused`);
          await load();
        }, { errors });
    };
    replace(body, table([
      { label: "Queue", value: (q) => h("a", { href: `#/jobs?queue=${encodeURIComponent(q.queue)}` }, q.queue) },
      { label: "Depth", class: "num", value: (q) => String(q.depth) },
      { label: "Running", class: "num", value: (q) => String(q.running) },
      { label: "Oldest due", class: "num", value: (q) => age(q.oldest_due_age_seconds) },
      { label: "State", value: (q) => h("span", { class: "queue-state" }, badge(q.paused ? "paused" : "running"),
        q.paused_kinds?.length ? ` kinds paused: ${q.paused_kinds.join(", ")}` : "") },
      { label: "Limit", class: "num", value: (q) => (q.limit == null ? "—" : String(q.limit)) },
      ctx.can("write") ? { label: "Actions", value: (q) => h("div", { class: "actions", "data-queue": q.queue }, control(q)) } : null,
    ].filter(Boolean), queues.data, { empty: "No queues yet." }));
  }
  await load();
  ctx.onRefresh(load);
}
