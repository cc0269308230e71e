// Outbound webhooks: applications; an application's endpoints (health, circuit, disabled reason, stats; enable,
// rotate secret, recover since a time) and messages; a message with every delivery attempt; resend.
import { api, withQuery } from "../api.js";
import { actionButton, badge, confirmAction, fields, h, json, localInputToISO, replace, table, time, toast } from "../dom.js";

export async function outboundPage(target, _params, query, ctx) {
  const list = h("div", { id: "apps" });
  target.append(h("h1", {}, "Outbound webhooks"), h("h2", {}, "Applications"), list);
  async function load() {
    const page = await api("GET", withQuery("/v1/apps", { cursor: query.get("cursor") }));
    replace(list, table([
      { label: "UID", value: (a) => h("a", { href: `#/apps/${encodeURIComponent(a.uid)}` }, a.uid) },
      { label: "Name", value: (a) => a.name ?? "—" }, { label: "Created", value: (a) => time(a.created_at) },
    ], page.data, { empty: "No applications." }),
    page.next_cursor ? h("div", { class: "pager" }, h("a", { href: `#/outbound?cursor=${page.next_cursor}` }, "Next page")) : null);
  }
  await load();
  ctx.onRefresh(load);
}

function endpointActions(app, endpoint, errors, reload) {
  const path = `/v1/apps/${encodeURIComponent(app)}/endpoints/${endpoint.id}`;
  const since = h("input", { type: "datetime-local", "aria-label": `Recover endpoint ${endpoint.id} since` });
  return h("div", { class: "actions" },
    endpoint.enabled ? null : actionButton("Enable", async () => {
      await api("POST", `${path}/enable`);
      toast(`endpoint ${endpoint.id} enabled`);
      await reload();
    }, { class: "primary", errors }),
    actionButton("Rotate secret", async () => {
      if (!(await confirmAction(`Rotate the signing secret of endpoint ${endpoint.id}? The old one keeps working for a while.`, { confirmLabel: "Rotate" }))) return;
      await api("POST", `${path}/secret/rotate`, {});
      toast(`endpoint ${endpoint.id}: new secret issued`);
    }, { errors }),
    since,
    actionButton("Recover since", async () => {
      if (!since.value) return errors.prepend(h("div", { class: "error" }, "Choose the time to recover from."));
      if (!(await confirmAction(`Resend every failed message of endpoint ${endpoint.id} since ${since.value}?`, { confirmLabel: "Recover", danger: false }))) return;
      const answer = await api("POST", `${path}/recover`, { since: localInputToISO(since.value) });
      toast(`${answer.resent} messages queued again`);
    }, { errors }));
}

export async function applicationPage(target, [app], query, ctx) {
  const errors = h("div", {});
  const endpoints = h("div", { id: "endpoints" });
  const messages = h("div", { id: "messages" });
  target.append(h("p", {}, h("a", { href: "#/outbound" }, "← Outbound")), h("h1", {}, `Application ${app}`), errors,
    h("h2", {}, "Endpoints"), endpoints, h("h2", {}, "Messages"), messages);
  const base = `/v1/apps/${encodeURIComponent(app)}`;
  async function load() {
    const [endpointList, messagePage] = await Promise.all([api("GET", `${base}/endpoints`), api("GET", withQuery(`${base}/messages`, { cursor: query.get("cursor") }))]);
    const stats = await Promise.all(endpointList.data.map((e) => api("GET", `${base}/endpoints/${e.id}/stats`).catch(() => null)));
    const statsOf = new Map(endpointList.data.map((e, i) => [e.id, stats[i]]));
    replace(endpoints, table([
      { label: "ID", class: "num", value: (e) => String(e.id) }, { label: "URL", value: (e) => e.url },
      { label: "Events", value: (e) => e.event_types.join(", ") },
      { label: "State", value: (e) => [badge(e.enabled ? "enabled" : "disabled"), e.disabled_reason ? ` ${e.disabled_reason}` : ""] },
      { label: "Circuit", value: (e) => (e.failing_since ? ["failing since ", time(e.failing_since)] : "closed") },
      { label: "Last success", value: (e) => time(e.last_success_at) },
      { label: "Last 24 h", value: (e) => {
        const s = statsOf.get(e.id);
        return s ? Object.entries(s).filter(([k]) => k !== "period_seconds").map(([k, v]) => `${k} ${v}`).join(", ") : "—";
      } },
      ctx.can("write") ? { label: "Actions", value: (e) => endpointActions(app, e, errors, load) } : null,
    ].filter(Boolean), endpointList.data, { empty: "No endpoints." }));
    replace(messages, table([
      { label: "ID", value: (m) => h("a", { href: `#/apps/${encodeURIComponent(app)}/messages/${m.id}` }, String(m.id)) },
      { label: "Event type", value: (m) => m.event_type }, { label: "Status", value: (m) => badge(m.status) },
      { label: "Created", value: (m) => time(m.created_at) },
    ], messagePage.data, { empty: "No messages." }),
    messagePage.next_cursor ? h("div", { class: "pager" }, h("a", { href: `#/apps/${encodeURIComponent(app)}?cursor=${messagePage.next_cursor}` }, "Next page")) : null);
  }
  await load();
  ctx.onRefresh(load);
}

export async function messagePage(target, [app, id], _query, ctx) {
  const errors = h("div", {});
  const body = h("div", {});
  const path = `/v1/apps/${encodeURIComponent(app)}/messages/${id}`;
  target.append(h("p", {}, h("a", { href: `#/apps/${encodeURIComponent(app)}` }, `← ${app}`)), h("h1", {}, `Message ${id}`), errors, body);
  async function load() {
    const message = await api("GET", path);
    replace(body,
      ctx.can("write") ? h("div", { class: "actions" }, actionButton("Resend to every endpoint", async () => {
        if (!(await confirmAction(`Resend message ${id}?`, { confirmLabel: "Resend", danger: false }))) return;
        const answer = await api("POST", `${path}/resend`, {});
        toast(`${answer.resent} deliveries queued`);
        await load();
      }, { errors })) : null,
      fields([["Event type", message.event_type], ["Webhook id", message.webhook_id], ["Created", time(message.created_at)]]),
      h("h2", {}, "Payload"), json(message.payload),
      h("h2", {}, "Deliveries"),
      ...(message.deliveries ?? []).map((delivery) => h("section", {},
        h("h3", {}, `Endpoint ${delivery.endpoint_id} `, badge(delivery.status), ` · ${delivery.attempts} attempts`),
        table([
          { label: "#", class: "num", value: (a) => String(a.attempt) }, { label: "Started", value: (a) => time(a.started_at) },
          { label: "Result", value: (a) => badge(a.succeeded ? "succeeded" : "failed") }, { label: "Status", class: "num", value: (a) => String(a.status_code ?? "—") },
          { label: "Latency", class: "num", value: (a) => (a.latency_seconds == null ? "—" : `${(a.latency_seconds * 1000).toFixed(0)} ms`) },
          { label: "Error", value: (a) => a.error ?? "" }, { label: "Response excerpt", value: (a) => h("code", {}, a.response_body ?? "") },
        ], delivery.attempt_log ?? [], { empty: "No attempts yet." }))));
  }
  await load();
  ctx.onRefresh(load);
}
