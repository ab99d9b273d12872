/**
 * A real Ward server for black-box tests (conformance, real clients): the
 * same start-up as production (`startHomeserver`: keys, services, app,
 * listen on 127.0.0.1:0) on a test database, spoken to over HTTP only.
 * Users are created through the API (/register), so nothing here reaches
 * into the services.
 *
 * The database is the test file's shared one (forEachDatabase); the server
 * is handed a view of it whose close() does nothing, because the test
 * helper owns it and resets it between subtests.
 */
import type { Config } from "../../src/config.js";
import { startHomeserver, type RunningHomeserver, type StartOptions } from "../../src/main.js";
import type { Database } from "../../src/store/database.js";
import type { Tap } from "../helpers/databases.js";
import { captureLogger, testConfig, type CapturedLogger } from "../helpers/http.js";

export type Response<T = any> = { status: number; body: T; headers: Headers };

export type RequestOptions = {
  token?: string | undefined;
  body?: unknown;
  /** A body sent as is (with content-type application/json), for malformed-input tests. */
  rawBody?: string;
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
};

export type TestUser = { userId: string; accessToken: string; deviceId: string; password: string };

export type Ward = {
  readonly url: string;
  readonly config: Config;
  readonly server: RunningHomeserver;
  readonly log: CapturedLogger;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<Response<T>>;
  /** Registers `localpart` through /register (UIA m.login.dummy) and returns its session. */
  register(localpart: string, password?: string): Promise<TestUser>;
  close(): Promise<void>;
};

/** Fast password hashing (tests only: below the production floor), no rate limits, registration open. */
export function wardTestConfig(overrides: Partial<Config> = {}): Config {
  const base = testConfig();
  return testConfig({
    enableRegistration: true,
    rateLimits: { ...base.rateLimits, enabled: false },
    passwordHashing: { opsLimit: 1, memLimit: 8 * 1024 * 1024 },
    ...overrides,
  });
}

/** A view of `db` that the server may "close" without closing the shared database. */
export function borrowed(db: Database): Database {
  return {
    kind: db.kind,
    atRest: db.atRest,
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    transaction: (fn) => db.transaction(fn),
    close: async () => {},
  };
}

export async function startWard(t: Tap, db: Database, overrides: Partial<Config> = {}, options: Partial<StartOptions> = {}): Promise<Ward> {
  const config = wardTestConfig(overrides);
  const log = captureLogger("warn");
  const server = await startHomeserver(config, { logger: log.logger, openDatabase: async () => borrowed(db), ...options });
  const ward = wardClient(server.url, { config, server, log });
  t.teardown(() => ward.close());
  return ward;
}

/** HTTP helpers around a running server at `url`. */
export function wardClient(url: string, parts: { config: Config; server: RunningHomeserver; log: CapturedLogger }): Ward {
  const request = async <T = any>(method: string, path: string, options: RequestOptions = {}): Promise<Response<T>> => {
    const target = new URL(path, url);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) target.searchParams.set(k, String(v));
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined || options.rawBody !== undefined) {
      headers["content-type"] = "application/json";
      body = options.rawBody ?? JSON.stringify(options.body);
    }
    const res = await fetch(target, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get("content-type") ?? "").includes("json") && text !== "") parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  };
  const register = async (localpart: string, password = `pw-${localpart}-secret`): Promise<TestUser> => {
    const first = await request("POST", "/_matrix/client/v3/register", { body: { username: localpart, password } });
    if (first.status !== 401 || typeof first.body?.session !== "string") {
      throw new Error(`register ${localpart}: expected 401 UIA, got ${first.status} ${JSON.stringify(first.body)}`);
    }
    const done = await request("POST", "/_matrix/client/v3/register", {
      body: { username: localpart, password, auth: { type: "m.login.dummy", session: first.body.session } },
    });
    if (done.status !== 200) throw new Error(`register ${localpart}: ${done.status} ${JSON.stringify(done.body)}`);
    return { userId: done.body.user_id, accessToken: done.body.access_token, deviceId: done.body.device_id, password };
  };
  return { url, ...parts, request, register, close: () => parts.server.close() };
}

/** Percent-encodes one path segment (room IDs, event IDs, user IDs, state keys). */
export const seg = encodeURIComponent;
