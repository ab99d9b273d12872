/**
 * What the matrix-js-sdk tests share: Node 20 shims the SDK needs, its logger
 * kept quiet (lines shown when a test fails), a fetch that checks every
 * response against the spec's OpenAPI, and helpers to register, log in and
 * start a client the way Element does.
 */
import t from "tap";
import { ClientEvent, createClient, EventType, MatrixError, SyncState, type MatrixClient, type MatrixEvent, type Room } from "matrix-js-sdk";
import { logger as sdkLogger, type Logger } from "matrix-js-sdk/lib/logger.js";
import { findOperation, validateError, validateResponse } from "../helpers/openapi.js";
import type { Ward } from "../conformance/harness.js";

// matrix-js-sdk uses Promise.withResolvers, which Node 20 lacks (Node 22 has it).
const promiseCtor = Promise as unknown as { withResolvers?: unknown };
if (typeof promiseCtor.withResolvers !== "function") {
  promiseCtor.withResolvers = function withResolvers<T>() {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

// Every /sync request arms a 110-second abort timer (the SDK's AbortSignal.timeout
// ponyfill, http-api/utils.ts timeoutSignal) that is never cleared and, unlike
// AbortSignal.timeout's, keeps the process alive: the test would end about two
// minutes after its last sync. Unref such long timers as AbortSignal.timeout does;
// nothing in this test waits on a timer that long.
const realSetTimeout = globalThis.setTimeout;
const unrefLongTimers = function (this: unknown, handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) {
  const timer = realSetTimeout(handler, ms, ...args);
  if ((ms ?? 0) >= 60_000) timer.unref();
  return timer;
};
Object.defineProperties(unrefLongTimers, Object.getOwnPropertyDescriptors(realSetTimeout));
globalThis.setTimeout = unrefLongTimers as unknown as typeof setTimeout;

// The SDK logs every request at debug level: keep its lines in memory and show
// them only when a test fails.
export const sdkLines: string[] = [];
export const quiet: Logger = {
  trace: (...a: unknown[]) => void sdkLines.push(`trace ${a.map(String).join(" ")}`),
  debug: (...a: unknown[]) => void sdkLines.push(`debug ${a.map(String).join(" ")}`),
  info: (...a: unknown[]) => void sdkLines.push(`info ${a.map(String).join(" ")}`),
  warn: (...a: unknown[]) => void sdkLines.push(`warn ${a.map(String).join(" ")}`),
  error: (...a: unknown[]) => void sdkLines.push(`error ${a.map(String).join(" ")}`),
  getChild: () => quiet,
};
(sdkLogger as unknown as { setLevel(level: string, persist: boolean): void }).setLevel("silent", false);
// Loggers the SDK makes with getChild() start at DEBUG whatever the root says; the
// method factory they copy decides where lines go.
(sdkLogger as unknown as { methodFactory: unknown }).methodFactory =
  (method: string) =>
  (...args: unknown[]) =>
    void sdkLines.push(`${method} ${args.map(String).join(" ")}`);
(sdkLogger as unknown as { rebuild(): void }).rebuild();

export const WAIT_MS = 15_000;

/**
 * The SDK's fetch: every response it receives is also checked against the
 * spec's OpenAPI schema for that endpoint and status, so the test covers what
 * a real client actually asks for, not only what the conformance suite asks.
 */
export const violations: string[] = [];
export const checkedRequests = new Map<string, number>();
export const specFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  const method = (init?.method ?? "GET").toUpperCase();
  const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
  if (!(res.headers.get("content-type") ?? "").includes("json")) return res;
  const op = findOperation(method, url.pathname);
  const body: unknown = await res.clone().json().catch(() => undefined);
  const name = op ? `${method} ${op.path} ${res.status}` : `${method} ${url.pathname} ${res.status} (not in the spec)`;
  checkedRequests.set(name, (checkedRequests.get(name) ?? 0) + 1);
  let errors: string[];
  try {
    errors = op ? validateResponse(method, url.pathname, res.status, body) : [];
  } catch {
    // A status the endpoint does not list: an error must still be a spec error body.
    errors = res.status >= 400 ? validateError(body) : [`status ${res.status} is not documented`];
  }
  for (const e of errors) violations.push(`${name}: ${e}`);
  return res;
};

/** Resolves once `check()` holds, polling; rejects with `what` after WAIT_MS. */
export async function until<T>(what: string, check: () => T | undefined | false | null): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Registers through the SDK: the first call answers 401 with a UIA session, the second completes m.login.dummy. */
export async function registerWithSdk(ward: Ward, username: string, password: string): Promise<string> {
  const client = createClient({ baseUrl: ward.url, logger: quiet, fetchFn: specFetch });
  let session: string | undefined;
  try {
    await client.registerRequest({ username, password });
  } catch (err) {
    if (!(err instanceof MatrixError) || err.httpStatus !== 401) throw err;
    session = (err.data as { session?: string }).session;
  }
  if (!session) throw new Error("register: no UIA session in the 401");
  const done = await client.registerRequest({ username, password, auth: { type: "m.login.dummy", session }, inhibit_login: true });
  return done.user_id;
}

export type Running = { client: MatrixClient; userId: string };

/** Logs in (loginRequest, as the SDK recommends) and returns a client built from the session, started and PREPARED. */
export async function loginAndStart(t: Tap, ward: Ward, user: string, password: string, initialSyncLimit = 20, lazyLoadMembers = false): Promise<Running> {
  const anonymous = createClient({ baseUrl: ward.url, logger: quiet, fetchFn: specFetch });
  const flows = await anonymous.loginFlows();
  t.ok(flows.flows.some((f) => f.type === "m.login.password"), `${user}: password login offered`);
  const session = await anonymous.loginRequest({ type: "m.login.password", identifier: { type: "m.id.user", user }, password });
  const client = createClient({
    baseUrl: ward.url,
    accessToken: session.access_token,
    userId: session.user_id,
    deviceId: session.device_id,
    logger: quiet,
    fetchFn: specFetch,
  });
  t.teardown(() => client.stopClient());
  const prepared = new Promise<void>((resolve, reject) => {
    const onSync = (state: SyncState, _prev: SyncState | null, data?: { error?: Error }) => {
      if (state === SyncState.Prepared) {
        client.off(ClientEvent.Sync, onSync);
        resolve();
      } else if (state === SyncState.Error) {
        client.off(ClientEvent.Sync, onSync);
        reject(data?.error ?? new Error("sync error"));
      }
    };
    client.on(ClientEvent.Sync, onSync);
  });
  await client.startClient({ initialSyncLimit, lazyLoadMembers });
  await withTimeout(`${user}: PREPARED`, prepared);
  return { client, userId: session.user_id };
}

export function withTimeout<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Message bodies in a room's live timeline, oldest first. */
export function bodies(room: Room | null): string[] {
  return (room?.getLiveTimeline().getEvents() ?? [])
    .filter((e: MatrixEvent) => e.getType() === EventType.RoomMessage)
    .map((e: MatrixEvent) => String(e.getContent().body));
}

export type Tap = Parameters<Parameters<typeof t.test>[0]>[0];

t.teardown(() => {
  // What the SDK said: all of it with WARD_TEST_SDK_LOG=1, the last lines when something failed.
  if (process.env.WARD_TEST_SDK_LOG) console.error(sdkLines.join("\n"));
  else if (!t.passing()) console.error(sdkLines.slice(-80).join("\n"));
});

