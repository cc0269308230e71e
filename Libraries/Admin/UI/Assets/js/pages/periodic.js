// Periodic (cron) jobs: schedule, next and last run; enable and disable.
import { api, optional } from "../api.js";
import { actionButton, badge, confirmAction, h, notAvailable, replace, table, time, toast } from "../dom.js";

export async function periodicPage(target, _params, _query, ctx) {
  const errors = h("div", {});
  const body = h("div", { id: "periodic" });
  target.append(h("h1", {}, "Periodic jobs"), errors, body);

  async function load() {
    const list = await optional("/v1/periodic-jobs");
    if (list === null) return replace(body, notAvailable("Periodic jobs"));
    const toggle = (job) => actionButton(job.enabled ? "Disable" : "Enable", async () => {
      if (job.enabled && !(await confirmAction(`Disable periodic job ${job.name}? It stops being enqueued.`, { confirmLabel: "Disable" }))) return;
      await api("POST", `/v1/periodic-jobs/${encodeURIComponent(job.name)}/${job.enabled ? "disable" : "enable"}`);
      toast(`${job.name} ${job.enabled ? "disabled" : "enabled"}`);
      await load();
    }, { errors });
    replace(body, table([
      { label: "Name", value: (j) => j.name }, { label: "Schedule", value: (j) => `${j.cron} (${j.time_zone})` },
      { label: "Kind", value: (j) => j.kind }, { label: "Queue", value: (j) => j.queue },
      { label: "State", value: (j) => badge(j.enabled ? "enabled" : "disabled") },
      { label: "Next run", value: (j) => time(j.next_run_at) }, { label: "Last run", value: (j) => time(j.last_run_at) },
      ctx.can("write") ? { label: "Actions", value: toggle } : null,
    ].filter(Boolean), list.data, { empty: "No periodic jobs." }));
  }
  await load();
  ctx.onRefresh(load);
}
