// Inbound webhooks: sources with their recent failures by reason, events by source and status (headers and body
// shown as text), replay; routes.
import { api, withQuery } from "../api.js";
import { actionButton, badge, fields, h, replace, table, time, toast } from "../dom.js";

const STATUSES = ["received", "processed", "failed"];

export async function inboundPage(target, _params, query, ctx) {
  const source = query.get("source") ?? "";
  const status = query.get("status") ?? "";
  const sources = h("div", { id: "sources" });
  const events = h("div", { id: "events" });
  const routes = h("div", { id: "routes" });
  const form = h("form", { class: "filters", onsubmit: (event) => {
    event.preventDefault();
    const data = new FormData(form);
    ctx.navigate("inbound", { source: data.get("source"), status: data.get("status") });
  } },
  h("label", { for: "event-source" }, "Source", h("input", { id: "event-source", name: "source", value: source })),
  h("label", { for: "event-status" }, "Status", h("select", { id: "event-status", name: "status" }, h("option", { value: "" }, "any"),
    STATUSES.map((s) => h("option", { value: s, selected: s === status }, s)))),
  h("button", { type: "submit", class: "primary" }, "Filter"));
  target.append(h("h1", {}, "Inbound webhooks"), h("h2", {}, "Sources"), sources, h("h2", {}, "Events"), form, events, h("h2", {}, "Routes"), routes);

  async function load() {
    const [sourceList, eventPage, failed, routeList] = await Promise.all([
      api("GET", "/v1/sources"),
      api("GET", withQuery("/v1/events", { source, status, cursor: query.get("cursor") })),
      api("GET", withQuery("/v1/events", { status: "failed", limit: 200 })),
      api("GET", withQuery("/v1/routes", { source })),
    ]);
    const failures = new Map();
    for (const event of failed.data) {
      const reasons = failures.get(event.source) ?? new Map();
      const reason = event.error ?? "unknown";
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      failures.set(event.source, reasons);
    }
    const sourceNames = new Map(sourceList.data.map((s) => [s.id, s.name]));
    replace(sources, table([
      { label: "Name", value: (s) => h("a", { href: `#/inbound?source=${encodeURIComponent(s.name)}` }, s.name) },
      { label: "Scheme", value: (s) => s.scheme },
      { label: "State", value: (s) => badge(s.enabled ? "enabled" : "disabled") },
      { label: "Recent failures by reason", value: (s) => {
        const reasons = failures.get(s.name);
        return reasons ? [...reasons].map(([reason, count]) => `${count}× ${reason}`).join("; ") : "none";
      } },
    ], sourceList.data, { empty: "No sources." }));
    replace(events, table([
      { label: "ID", value: (e) => h("a", { href: `#/events/${e.id}` }, String(e.id)) },
      { label: "Source", value: (e) => e.source }, { label: "Type", value: (e) => e.event_type ?? "—" },
      { label: "Status", value: (e) => badge(e.status) }, { label: "Error", value: (e) => e.error ?? "" },
      { label: "Received", value: (e) => time(e.received_at) },
    ], eventPage.data, { empty: "No events match." }),
    eventPage.next_cursor ? h("div", { class: "pager" }, h("a", { href: `#/inbound?${new URLSearchParams({ source, status, cursor: eventPage.next_cursor })}` }, "Next page")) : null);
    replace(routes, table([
      { label: "ID", class: "num", value: (r) => String(r.id) }, { label: "Source", value: (r) => sourceNames.get(r.source_id) ?? String(r.source_id) },
      { label: "Event types", value: (r) => r.event_types.join(", ") }, { label: "Target", value: (r) => r.target_url },
      { label: "State", value: (r) => badge(r.enabled ? "enabled" : "disabled") },
    ], routeList.data, { empty: "No routes." }));
  }
  await load();
  ctx.onRefresh(load);
}

/** The body as text when it decodes as UTF-8, else a note; never as HTML. */
function bodyText(base64) {
  if (!base64) return "—";
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; }
  } catch {
    return `(${bytes.length} bytes of binary data)`;
  }
}

export async function eventPage(target, [id], _query, ctx) {
  const errors = h("div", {});
  const body = h("div", {});
  target.append(h("p", {}, h("a", { href: "#/inbound" }, "← Inbound")), h("h1", {}, `Event ${id}`), errors, body);
  async function load() {
    const event = await api("GET", `/v1/events/${id}`);
    const headers = Object.entries(event.headers ?? {});
    replace(body,
      ctx.can("write") ? h("div", { class: "actions" }, actionButton("Replay", async () => {
        await api("POST", `/v1/events/${id}/replay`);
        toast(`event ${id} queued for processing again`);
        await load();
      }, { class: "primary", errors })) : null,
      fields([["Source", event.source], ["External id", event.external_id ?? "—"], ["Type", h("span", { id: "event-type" }, event.event_type ?? "—")],
        ["Status", badge(event.status)], ["Error", event.error ?? "—"], ["Received", time(event.received_at)], ["Processed", time(event.processed_at)]]),
      h("h2", {}, "Headers"),
      table([{ label: "Name", value: ([name]) => name }, { label: "Value", value: ([, value]) => h("span", { class: "header-value" }, String(value)) }], headers,
        { empty: "No headers stored." }),
      h("h2", {}, "Body"), h("pre", { id: "event-body" }, bodyText(event.body_base64)));
  }
  await load();
  ctx.onRefresh(load);
}

