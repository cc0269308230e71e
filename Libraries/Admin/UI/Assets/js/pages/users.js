// Users and API keys (managed by super-admins: create, role, deactivate, set a password, invite link, keys), and
// the signed-in user's own account page (change password).
import { api } from "../api.js";
import { actionButton, badge, confirmAction, errorBox, h, replace, table, time, toast } from "../dom.js";

const ROLES = ["viewer", "admin", "super-admin"];

export async function usersPage(target, _params, _query, ctx) {
  const errors = h("div", {});
  const users = h("div", { id: "users" });
  const keys = h("div", { id: "keys" });
  const shown = h("div", { "aria-live": "polite" });
  const manage = ctx.can("manage_users");
  target.append(h("h1", {}, "Users and API keys"), errors, shown, manage ? createForm() : null, users, h("h2", {}, "API keys"), keys);

  function createForm() {
    const email = h("input", { type: "email", id: "new-user-email", required: true });
    const role = h("select", { id: "new-user-role" }, ROLES.map((r) => h("option", { value: r }, r)));
    const form = h("form", { class: "filters", onsubmit: async (event) => {
      event.preventDefault();
      try {
        const user = await api("POST", "/v1/users", { email: email.value, role: role.value });
        toast(`user ${user.email} created`);
        email.value = "";
        await load();
      } catch (error) { errors.prepend(errorBox(error)); }
    } }, h("label", { for: "new-user-email" }, "New user's email", email), h("label", { for: "new-user-role" }, "Role", role),
    h("button", { type: "submit", class: "primary" }, "Create user"));
    return form;
  }

  function userActions(user) {
    if (!manage || user.id === ctx.me.user_id) return null;
    const password = h("input", { type: "password", autocomplete: "new-password", "aria-label": `New password for ${user.email}`, minlength: 12, maxlength: 1024 });
    const role = h("select", { "aria-label": `Role of ${user.email}` }, ROLES.map((r) => h("option", { value: r, selected: r === user.role }, r)));
    return h("div", { class: "actions" },
      role,
      actionButton("Set role", async () => {
        await api("PATCH", `/v1/users/${user.id}`, { role: role.value });
        toast(`${user.email} is now ${role.value}`);
        await load();
      }, { errors }),
      actionButton(user.active ? "Deactivate" : "Activate", async () => {
        if (user.active && !(await confirmAction(`Deactivate ${user.email}? Their keys and sessions stop working at once.`, { confirmLabel: "Deactivate" }))) return;
        await api("PATCH", `/v1/users/${user.id}`, { active: !user.active });
        await load();
      }, { class: user.active ? "danger" : "", errors }),
      password,
      actionButton("Set password", async () => {
        await api("PUT", `/v1/users/${user.id}/password`, { password: password.value });
        password.value = "";
        toast(`password of ${user.email} set; their sessions ended`);
      }, { errors }),
      actionButton("Invite link", async () => {
        const invite = await api("POST", `/v1/users/${user.id}/invites`);
        const url = new URL(invite.path, location.origin).href;
        replace(shown, h("div", { class: "notice" }, `Invite link for ${user.email} (works once, until `, time(invite.expires_at), "): ",
          h("input", { readonly: true, value: url, size: 60, "aria-label": "Invite link", id: "invite-link" })));
      }, { errors }),
      actionButton("New API key", async () => {
        const key = await api("POST", "/v1/api-keys", { user_id: user.id, name: "created in the UI" });
        replace(shown, h("div", { class: "notice" }, `API key for ${user.email}, shown once: `, h("code", { id: "new-key" }, key.key)));
        await load();
      }, { errors }),
      actionButton("Delete", async () => {
        if (!(await confirmAction(`Delete ${user.email} and all their keys?`, { confirmLabel: "Delete user" }))) return;
        await api("DELETE", `/v1/users/${user.id}`);
        await load();
      }, { class: "danger", errors }));
  }

  async function load() {
    const [userList, keyList] = await Promise.all([api("GET", "/v1/users"), api("GET", "/v1/api-keys")]);
    const emails = new Map(userList.data.map((u) => [u.id, u.email]));
    replace(users, table([
      { label: "ID", class: "num", value: (u) => String(u.id) }, { label: "Email", value: (u) => u.email }, { label: "Role", value: (u) => u.role },
      { label: "State", value: (u) => badge(u.active ? "enabled" : "disabled") }, { label: "Created", value: (u) => time(u.created_at) },
      manage ? { label: "Actions", value: userActions } : null,
    ].filter(Boolean), userList.data));
    replace(keys, table([
      { label: "ID", class: "num", value: (k) => String(k.id) }, { label: "User", value: (k) => emails.get(k.user_id) ?? String(k.user_id) },
      { label: "Name", value: (k) => k.name }, { label: "Prefix", value: (k) => h("code", {}, k.prefix) },
      { label: "Last used", value: (k) => time(k.last_used_at) }, { label: "Expires", value: (k) => time(k.expires_at) },
      { label: "State", value: (k) => badge(k.revoked_at ? "disabled" : "enabled") },
      manage ? { label: "Actions", value: (k) => (k.revoked_at ? null : actionButton("Revoke", async () => {
        if (!(await confirmAction(`Revoke key ${k.prefix}…? Tools using it stop working at once.`, { confirmLabel: "Revoke" }))) return;
        await api("DELETE", `/v1/api-keys/${k.id}`);
        await load();
      }, { class: "danger", errors })) } : null,
    ].filter(Boolean), keyList.data, { empty: "No keys." }));
  }
  await load();
}

export async function accountPage(target, _params, _query, ctx) {
  const errors = h("div", { "aria-live": "assertive" });
  const current = h("input", { type: "password", id: "current-password", autocomplete: "current-password", required: true });
  const next = h("input", { type: "password", id: "next-password", autocomplete: "new-password", minlength: 12, maxlength: 1024, required: true });
  const form = h("form", { class: "signin", onsubmit: async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    try {
      await api("POST", "/v1/me/password", { current_password: current.value, password: next.value });
      toast("Password changed: every session ended, sign in again.");
      ctx.signedOut();
    } catch (error) { replace(errors, errorBox(error)); }
  } },
  h("h2", {}, "Change your password"),
  h("label", { for: "current-password" }, "Current password", current),
  h("label", { for: "next-password" }, "New password (at least 12 characters)", next),
  h("button", { type: "submit", class: "primary" }, "Change password"));
  target.append(h("h1", {}, "Your account"),
    h("p", {}, `${ctx.me.email}, role ${ctx.me.role}, signed in ${ctx.me.via === "session" ? "with a password" : "with an API key"}.`),
    h("p", { class: "muted" }, `Permissions: ${ctx.me.permissions.join(", ")}`), errors, ctx.me.user_id ? form : null);
}
