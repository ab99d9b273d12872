/**
 * Every response carries the browser-facing security headers: successes,
 * errors, unknown paths and CORS preflights alike. HSTS only with built-in
 * TLS (see main-tls.test.ts), never on plain HTTP.
 */
import t from "tap";
import { API_CONTENT_SECURITY_POLICY } from "../../src/http/security-headers.js";
import { forEachDatabase } from "../helpers/databases.js";
import { startTestHomeserver } from "../helpers/homeserver.js";

const EXPECTED: Record<string, string> = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "content-security-policy": API_CONTENT_SECURITY_POLICY,
  "x-frame-options": "DENY",
};

await forEachDatabase(t, "security headers on normal and error responses, no HSTS without TLS", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  t.equal(API_CONTENT_SECURITY_POLICY, "default-src 'none'; frame-ancestors 'none'");
  const cases: Array<[string, string, string, { token?: string; body?: unknown; headers?: Record<string, string> }, number]> = [
    ["discovery", "GET", "/_matrix/client/versions", {}, 200],
    ["an authenticated read", "GET", "/_matrix/client/v3/account/whoami", { token: alice.accessToken }, 200],
    ["missing token", "GET", "/_matrix/client/v3/account/whoami", {}, 401],
    ["bad JSON", "POST", "/_matrix/client/v3/login", { body: "{not json", headers: { "Content-Type": "application/json" } }, 400],
    ["wrong password", "POST", "/_matrix/client/v3/login", { body: { type: "m.login.password", identifier: { type: "m.id.user", user: "alice" }, password: "wrong password" } }, 403],
    ["unknown path", "GET", "/_matrix/client/v3/nothing/here", {}, 404],
    ["wrong method", "DELETE", "/_matrix/client/versions", {}, 405],
    ["CORS preflight", "OPTIONS", "/_matrix/client/v3/sync", {}, 204],
    ["admin API refusal", "GET", "/_ward/admin/v1/settings/idle_timeout", { token: alice.accessToken }, 403],
  ];
  for (const [what, method, path, options, status] of cases) {
    const res = await hs.request(method, path, options);
    t.equal(res.status, status, what);
    for (const [name, value] of Object.entries(EXPECTED)) t.equal(res.headers.get(name), value, `${what}: ${name}`);
    t.equal(res.headers.get("strict-transport-security"), null, `${what}: no HSTS over plain HTTP`);
  }
});
