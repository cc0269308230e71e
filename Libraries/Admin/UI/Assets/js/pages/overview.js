// Overview: state counts per queue, throughput and failure rate over the last minutes, DLQ size, live workers.
import { api } from "../api.js";
import { h, replace, table, time } from "../dom.js";

const STATES = ["available", "scheduled", "running", "retryable", "completed", "cancelled", "discarded"];
const LIVE_STATES = ["available", "scheduled", "running", "retryable"];
const samples = []; // { at, completed, discarded } totals, kept while the tab lives
const MAX_SAMPLES = 120;

function sum(rows, field) { return rows.reduce((total, row) => total + (row[field] ?? 0), 0); }

function chart() {
  const points = [];
  for (let i = 1; i < samples.length; i++) {
    const minutes = (samples[i].at - samples[i - 1].at) / 60000;
    if (minutes <= 0) continue;
    const done = samples[i].completed - samples[i - 1].completed;
    const failed = samples[i].discarded - samples[i - 1].discarded;
    points.push({ at: samples[i].at, throughput: Math.max(0, done) / minutes, failures: Math.max(0, failed) / minutes });
  }
  const svgNS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(svgNS, "svg");
  svg.setAttribute("class", "chart");
  svg.setAttribute("viewBox", "0 0 300 100");
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("role", "img");
  const last = points.at(-1);
  svg.setAttribute("aria-label", last ? `Throughput ${last.throughput.toFixed(1)} jobs per minute, failures ${last.failures.toFixed(1)} per minute` : "Collecting samples");
  const top = Math.max(1, ...points.map((p) => Math.max(p.throughput, p.failures)));
  for (const series of ["throughput", "failures"]) {
    const line = document.createElementNS(svgNS, "polyline");
    line.setAttribute("class", series);
    line.setAttribute("points", points.map((p, i) => `${(i / Math.max(1, points.length - 1)) * 300},${100 - (p[series] / top) * 95}`).join(" "));
    svg.append(line);
  }
  return h("div", {},
    svg,
    h("div", { class: "legend" },
      h("span", { class: "throughput" }, `completed/min: ${last ? last.throughput.toFixed(1) : "…"}`),
      h("span", { class: "failures" }, `discarded/min: ${last ? last.failures.toFixed(1) : "…"}`),
      h("span", { class: "muted" }, points.length ? `over the last ${Math.round((samples.at(-1).at - samples[0].at) / 60000) || "<1"} min` : "collecting samples…")));
}

export async function overviewPage(target, _params, _query, ctx) {
  const body = h("div", {});
  target.append(h("h1", {}, "Overview"), body);
  async function load() {
    const [stats, health] = await Promise.all([api("GET", "/v1/jobs/stats"), api("GET", "/v1/health")]);
    samples.push({ at: Date.now(), completed: sum(stats.totals, "completed"), discarded: sum(stats.totals, "discarded") });
    if (samples.length > MAX_SAMPLES) samples.shift();
    const queues = new Map();
    for (const row of stats.states) {
      const counts = queues.get(row.queue) ?? {};
      counts[row.state] = (counts[row.state] ?? 0) + row.count;
      queues.set(row.queue, counts);
    }
    // Finished jobs leave the live table: completed and cancelled are the monotonic totals.
    for (const row of stats.totals) {
      const counts = queues.get(row.queue) ?? {};
      counts.completed = (counts.completed ?? 0) + row.completed;
      counts.cancelled = (counts.cancelled ?? 0) + row.cancelled;
      queues.set(row.queue, counts);
    }
    const dlq = stats.states.filter((row) => row.state === "discarded").reduce((total, row) => total + row.count, 0);
    const live = stats.states.filter((row) => LIVE_STATES.includes(row.state)).reduce((total, row) => total + row.count, 0);
    const rows = [...queues.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([queue, counts]) => ({ queue, ...counts }));
    replace(body,
      h("div", { class: "cards" },
        h("div", { class: "card" }, h("div", { class: "muted" }, "Jobs waiting or running"), h("div", { class: "value", id: "live-jobs" }, String(live))),
        h("div", { class: "card" }, h("div", { class: "muted" }, "Dead-letter queue"), h("div", { class: "value", id: "dlq-size" }, String(dlq))),
        h("div", { class: "card" }, h("div", { class: "muted" }, "Live workers"), h("div", { class: "value", id: "live-workers" }, String(health.workers.length))),
        h("div", { class: "card" }, h("div", { class: "muted" }, "Database"), h("div", { class: "value" }, `${health.database.status} · ${health.database.latency_ms ?? "?"} ms`))),
      h("h2", {}, "Throughput and failures"),
      chart(),
      h("h2", {}, "Jobs by queue and state"),
      h("p", { class: "muted" }, "Completed and cancelled count every job since the start; the others count jobs now."),
      table([{ label: "Queue", value: (r) => h("a", { href: `#/jobs?queue=${encodeURIComponent(r.queue)}` }, r.queue) },
        ...STATES.map((state) => ({ label: state, class: "num", value: (r) => String(r[state] ?? 0) }))], rows, { empty: "No jobs yet." }),
      h("h2", {}, "Workers"),
      table([{ label: "Worker", value: (w) => w.id }, { label: "Host", value: (w) => w.hostname }, { label: "Queues", value: (w) => (w.queues ?? []).join(", ") },
        { label: "Concurrency", class: "num", value: (w) => String(w.concurrency) }, { label: "Last heartbeat", value: (w) => time(w.last_heartbeat_at) }],
      health.workers, { empty: "No live workers." }));
  }
  await load();
  ctx.onRefresh(load);
}
