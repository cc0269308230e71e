// The admin UI: finds out who is signed in (GET /v1/me), draws the navigation for their role, and shows the
// page the location's hash names (#/jobs?state=discarded). Pages refresh every few seconds unless paused or hidden.
import { ApiError, api, apiKey, firstMe, setCsrfToken, useApiKey } from "./api.js";
import { clear, errorBox, h, replace } from "./dom.js";
import { AutoRefresh } from "./refresh.js";
import { signInPage, invitePage } from "./pages/signin.js";
import { overviewPage } from "./pages/overview.js";
import { jobsPage, jobPage } from "./pages/jobs.js";
import { queuesPage } from "./pages/queues.js";
import { dlqPage } from "./pages/dlq.js";
import { periodicPage } from "./pages/periodic.js";
import { inboundPage, eventPage } from "./pages/inbound.js";
import { outboundPage, applicationPage, messagePage } from "./pages/outbound.js";
import { auditPage } from "./pages/audit.js";
import { usersPage, accountPage } from "./pages/users.js";

const NAV = [
  ["", "Overview"], ["jobs", "Jobs"], ["queues", "Queues"], ["dlq", "DLQ"], ["periodic", "Periodic"],
  ["inbound", "Inbound"], ["outbound", "Outbound"], ["audit", "Audit log"], ["users", "Users & keys"],
];

const ROUTES = [
  [/^$/, overviewPage], [/^jobs$/, jobsPage], [/^jobs\/(\d+)$/, jobPage], [/^queues$/, queuesPage], [/^dlq$/, dlqPage],
  [/^periodic$/, periodicPage], [/^inbound$/, inboundPage], [/^events\/(\d+)$/, eventPage], [/^outbound$/, outboundPage],
  [/^apps\/([^/]+)$/, applicationPage], [/^apps\/([^/]+)\/messages\/(\d+)$/, messagePage], [/^audit$/, auditPage],
  [/^users$/, usersPage], [/^account$/, accountPage],
];

const main = document.getElementById("main");
const refresh = new AutoRefresh();
let me = null;
let generation = 0;

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, query = ""] = raw.split("?");
  return { path: decodeURIComponent(path), query: new URLSearchParams(query) };
}

export function navigate(path, query) {
  const text = query ? new URLSearchParams(Object.entries(query).filter(([, v]) => v !== "" && v != null)).toString() : "";
  location.hash = `#/${path}${text ? `?${text}` : ""}`;
}

function context(page) {
  const mine = generation;
  return {
    me,
    can: (permission) => me?.permissions.includes(permission) ?? false,
    navigate,
    isCurrent: () => mine === generation,
    onRefresh: (callback) => refresh.set(callback),
    signedOut,
    page,
  };
}

function drawNavigation(current) {
  const nav = document.getElementById("nav");
  if (!me) return clear(nav);
  const first = current.split("/")[0];
  const active = { events: "inbound", apps: "outbound" }[first] ?? first;
  replace(nav, h("ul", {}, NAV.map(([path, label]) =>
    h("li", {}, h("a", { href: `#/${path}`, "aria-current": path === active ? "page" : null }, label)))));
}

function drawSession() {
  const box = document.getElementById("session");
  if (!me) return clear(box);
  replace(box,
    refresh.control(),
    h("a", { href: "#/account", title: `signed in ${me.via === "session" ? "with a password" : "with an API key"}` }, `${me.email} (${me.role})`),
    h("button", { type: "button", id: "sign-out", onclick: signOut }, "Sign out"));
}

async function signOut() {
  try {
    if (me?.via === "session") await api("DELETE", "/v1/session");
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) main.prepend(errorBox(error));
  }
  useApiKey(null);
  signedOut();
}

function signedOut() {
  me = null;
  setCsrfToken(null);
  refresh.set(null);
  drawSession();
  drawNavigation("");
  render();
}

export async function signedIn(known) {
  me = await (known ?? api("GET", "/v1/me"));
  setCsrfToken(me.csrf_token);
  drawSession();
  await render();
}

async function render() {
  const mine = ++generation;
  refresh.set(null);
  const { path, query } = parseHash();
  drawNavigation(path);
  document.getElementById("nav").classList.remove("open");
  const invite = path.match(/^invite\/([A-Za-z0-9_-]+)$/);
  let page = null;
  let params = [];
  if (invite) {
    page = invitePage;
    params = [invite[1]];
  } else if (!me) {
    page = signInPage;
  } else {
    for (const [pattern, candidate] of ROUTES) {
      const match = path.match(pattern);
      if (match) { page = candidate; params = match.slice(1).map(decodeURIComponent); break; }
    }
  }
  document.body.dataset.ready = "";
  if (!page) {
    replace(main, h("h1", {}, "Not found"), h("p", {}, "No page here. ", h("a", { href: "#/" }, "Go to the overview")));
    return;
  }
  const target = h("div", { class: "page" });
  try {
    await page(target, params, query, context(page));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && me) return signedOut();
    target.prepend(errorBox(error));
  }
  if (mine !== generation) return;
  replace(main, target);
  // Tests wait for this name and read the mark's time: the page is drawn with its data.
  const name = page === signInPage ? "signin" : page === invitePage ? "invite" : path || "overview";
  document.body.dataset.ready = name;
  performance.mark(`sluice:rendered:${name}`);
}

document.getElementById("menu-toggle").addEventListener("click", (event) => {
  const open = document.getElementById("nav").classList.toggle("open");
  event.currentTarget.setAttribute("aria-expanded", String(open));
});
window.addEventListener("hashchange", () => render());

async function start() {
  try {
    await signedIn(firstMe);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      if (apiKey()) useApiKey(null);
      me = null;
      await render();
    } else {
      replace(main, errorBox(error));
    }
  }
}

start();
