// Sign-in with email and password (a session cookie), or with an API key kept in this tab only; and the page an
// invite link opens to choose a password.
import { api, useApiKey } from "../api.js";
import { errorBox, h, replace } from "../dom.js";
import { signedIn } from "../app.js";

export async function signInPage(target) {
  const errors = h("div", { "aria-live": "assertive" });
  const email = h("input", { type: "email", name: "email", id: "email", autocomplete: "username", required: true });
  const password = h("input", { type: "password", name: "password", id: "password", autocomplete: "current-password", required: true });
  const key = h("input", { type: "password", name: "api_key", id: "api-key", autocomplete: "off", required: true, placeholder: "sk_live_…" });
  const withPassword = h("form", { id: "signin-password", onsubmit: async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    try {
      useApiKey(null);
      await api("POST", "/v1/session", { email: email.value, password: password.value });
      password.value = "";
      await signedIn();
    } catch (error) {
      replace(errors, errorBox(error));
    }
  } },
  h("h2", {}, "Sign in"),
  h("label", { for: "email" }, "Email", email),
  h("label", { for: "password" }, "Password", password),
  h("button", { type: "submit", class: "primary" }, "Sign in"));
  const withKey = h("form", { id: "signin-key", onsubmit: async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    useApiKey(key.value.trim());
    key.value = "";
    try {
      await signedIn();
    } catch (error) {
      useApiKey(null);
      replace(errors, errorBox(error));
    }
  } },
  h("h2", {}, "Sign in with an API key"),
  h("p", { class: "muted" }, "For installations without passwords. The key stays in this tab only and is forgotten when it closes."),
  h("label", { for: "api-key" }, "API key", key),
  h("button", { type: "submit" }, "Use this key"));
  target.append(h("div", { class: "signin" }, h("h1", {}, "Sluice admin"), errors, withPassword, withKey));
}

export async function invitePage(target, [token]) {
  const errors = h("div", { "aria-live": "assertive" });
  const password = h("input", { type: "password", id: "new-password", autocomplete: "new-password", minlength: 12, maxlength: 1024, required: true });
  const again = h("input", { type: "password", id: "new-password-again", autocomplete: "new-password", required: true });
  const form = h("form", { id: "invite", onsubmit: async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    if (password.value !== again.value) return replace(errors, errorBox("The two passwords differ."));
    try {
      const answer = await api("POST", "/v1/invites/accept", { token, password: password.value });
      replace(form, h("p", {}, `Password set for ${answer.email}. `, h("a", { href: "#/" }, "Sign in")));
    } catch (error) {
      replace(errors, errorBox(error));
    }
  } },
  h("h2", {}, "Choose your password"),
  h("p", { class: "muted" }, "At least 12 characters. The link works once."),
  h("label", { for: "new-password" }, "Password", password),
  h("label", { for: "new-password-again" }, "Password again", again),
  h("button", { type: "submit", class: "primary" }, "Set password"));
  target.append(h("div", { class: "signin" }, h("h1", {}, "Sluice admin"), errors, form));
}
