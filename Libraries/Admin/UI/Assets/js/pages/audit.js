// Audit log: filter by action, actor and time; page through; export the same filter as CSV.
import { fetchBlob, api, withQuery } from "../api.js";
import { actionButton, h, isoToLocalInput, localInputToISO, replace, table, time, toast } from "../dom.js";

const FILTERS = ["action", "actor_user_id", "since", "until"];

export async function auditPage(target, _params, query, ctx) {
  const filter = Object.fromEntries(FILTERS.filter((name) => query.get(name)).map((name) => [name, query.get(name)]));
  const errors = h("div", {});
  const list = h("div", { id: "audit-list" });
  const input = (name, attributes = {}) => h("input", { id: `audit-${name}`, name, value: query.get(name) ?? "", ...attributes });
  const form = h("form", { class: "filters", id: "audit-filters", onsubmit: (event) => {
    event.preventDefault();
    const data = new FormData(form);
    ctx.navigate("audit", {
      action: String(data.get("action")).trim(), actor_user_id: String(data.get("actor_user_id")).trim(),
      since: localInputToISO(data.get("since")), until: localInputToISO(data.get("until")),
    });
  } },
  h("label", { for: "audit-action" }, "Action", input("action", { placeholder: "job.retry" })),
  h("label", { for: "audit-actor_user_id" }, "Actor user id", input("actor_user_id", { inputmode: "numeric" })),
  h("label", { for: "audit-since" }, "Since", input("since", { type: "datetime-local", value: isoToLocalInput(query.get("since")) })),
  h("label", { for: "audit-until" }, "Until", input("until", { type: "datetime-local", value: isoToLocalInput(query.get("until")) })),
  h("button", { type: "submit", class: "primary" }, "Filter"),
  actionButton("Export CSV", async () => {
    const blob = await fetchBlob(withQuery("/v1/audit.csv", filter));
    const link = h("a", { href: URL.createObjectURL(blob), download: "audit.csv" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    toast("audit.csv downloaded");
  }, { errors, class: "export-csv" }));
  target.append(h("h1", {}, "Audit log"), form, errors, list);

  async function load() {
    const page = await api("GET", withQuery("/v1/audit", { ...filter, cursor: query.get("cursor") }));
    replace(list, table([
      { label: "When", value: (e) => time(e.at) }, { label: "Actor", value: (e) => e.actor }, { label: "Action", value: (e) => e.action },
      { label: "Resource", value: (e) => `${e.resource_type}${e.resource_id ? ` ${e.resource_id}` : ""}` },
      { label: "Request id", class: "hide-narrow", value: (e) => h("code", {}, e.request_id ?? "") },
      { label: "Address", class: "hide-narrow", value: (e) => e.client_address ?? "" },
      { label: "Details", class: "hide-narrow", value: (e) => h("code", {}, JSON.stringify(e.payload ?? {})) },
    ], page.data, { empty: "No audit entries match." }),
    page.next_cursor ? h("div", { class: "pager" }, h("a", { href: `#/audit?${new URLSearchParams({ ...filter, cursor: page.next_cursor })}` }, "Next page")) : null);
  }
  await load();
  ctx.onRefresh(load);
}
