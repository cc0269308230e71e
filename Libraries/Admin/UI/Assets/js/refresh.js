// Auto-refresh of the page shown: every few seconds, never while the tab is hidden, and not at all when paused.
import { h } from "./dom.js";

const INTERVAL_MS = 5000;

export class AutoRefresh {
  constructor() {
    this.callback = null;
    this.paused = sessionStorage.getItem("sluice.refreshPaused") === "1";
    this.button = h("button", { type: "button", id: "refresh-toggle", "aria-pressed": "false", onclick: () => this.toggle() });
    this.label();
    setInterval(() => this.tick(), INTERVAL_MS);
    document.addEventListener("visibilitychange", () => { if (!document.hidden) this.tick(); });
  }

  set(callback) { this.callback = callback; }

  control() { return this.button; }

  toggle() {
    this.paused = !this.paused;
    sessionStorage.setItem("sluice.refreshPaused", this.paused ? "1" : "0");
    this.label();
    if (!this.paused) this.tick();
  }

  label() {
    this.button.textContent = this.paused ? "Auto-refresh paused" : "Auto-refresh on";
    this.button.setAttribute("aria-pressed", String(this.paused));
    this.button.title = this.paused ? "Resume refreshing every 5 seconds" : "Pause refreshing (also paused while this tab is hidden)";
  }

  async tick() {
    if (this.paused || document.hidden || !this.callback || this.running) return;
    this.running = true;
    try { await this.callback(); } catch { /* the next tick tries again; the page shows its own errors */ } finally { this.running = false; }
  }
}
