// Calls the /v1 API with the session cookie (plus its CSRF token on unsafe requests) or, after "sign in with an
// API key", with Authorization: Bearer. Errors become ApiError with the envelope's code, message and request id.

const KEY_STORAGE = "sluice.apiKey";
let csrfToken = null;

export class ApiError extends Error {
  constructor(status, code, message, requestId) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }

  /** The error in plain words, with the request id for the server's logs. */
  get plain() {
    const what = {
      400: "The server refused the input",
      401: "You are not signed in, or your session ended",
      403: "Not allowed",
      404: "Not found",
      409: "Not possible in the current state",
      413: "Too large",
      429: "Too many attempts; wait a little",
      503: "The server cannot reach its database",
    }[this.status] ?? (this.status >= 500 ? "The server failed" : this.status === 0 ? "The server did not answer" : `Request failed (${this.status})`);
    const id = this.requestId ? ` (request id ${this.requestId})` : "";
    return `${what}: ${this.message}${id}`;
  }
}

export function setCsrfToken(token) { csrfToken = token ?? null; }
export function apiKey() { return sessionStorage.getItem(KEY_STORAGE); }
export function useApiKey(key) { key ? sessionStorage.setItem(KEY_STORAGE, key) : sessionStorage.removeItem(KEY_STORAGE); }

function headers(method, hasBody) {
  const result = { Accept: "application/json" };
  const key = apiKey();
  if (key) result.Authorization = `Bearer ${key}`;
  else if (method !== "GET" && csrfToken) result["X-CSRF-Token"] = csrfToken;
  if (hasBody) result["Content-Type"] = "application/json";
  return result;
}

async function send(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method, headers: headers(method, body !== undefined), credentials: "same-origin", cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, "network", String(error.message ?? error), null);
  }
  if (!response.ok) {
    let envelope = {};
    try { envelope = (await response.json()).error ?? {}; } catch { /* not JSON: keep the status */ }
    throw new ApiError(response.status, envelope.code ?? `http_${response.status}`, envelope.message ?? response.statusText,
      envelope.request_id ?? response.headers.get("X-Request-Id"));
  }
  return response;
}

/** JSON in, JSON out; null for 204. */
export async function api(method, path, body) {
  const response = await send(method, path, body);
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** A GET whose answer is a file (CSV export): a Blob. */
export async function fetchBlob(path) {
  return (await send("GET", path)).blob();
}

/** A GET of a route another part of Sluice may not have yet: null when it answers 404 with no such route. */
export async function optional(path) {
  try {
    return await api("GET", path);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** Builds "path?query" from an object, leaving out empty values. */
export function withQuery(path, query) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== "") params.set(name, value);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Who is signed in, asked as soon as the first module runs: the page needs it before anything else. */
export const firstMe = api("GET", "/v1/me");
firstMe.catch(() => { /* start() reads the outcome */ });
