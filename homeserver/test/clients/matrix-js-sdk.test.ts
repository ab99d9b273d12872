/**
 * The real client: matrix-js-sdk 37.5 (the last release that supports
 * Node 20) drives two users against a real Ward server, the way Element
 * would: register (UIA), log in, start syncing, create a public and a private
 * room, invite, join, exchange messages through /sync, scroll back, leave,
 * log out. No crypto (initRustCrypto is never called): Ward stores nothing
 * on client devices and this test is about the Client-Server API.
 */
import t from "tap";
import {
  ClientEvent,
  createClient,
  EventType,
  KnownMembership,
  MatrixError,
  MsgType,
  Preset,
  SyncState,
  Visibility,
  type MatrixClient,
  type MatrixEvent,
  type Room,
} from "matrix-js-sdk";
import { logger as sdkLogger, type Logger } from "matrix-js-sdk/lib/logger.js";
import { forEachDatabase } from "../helpers/databases.js";
import { findOperation, validateError, validateResponse } from "../helpers/openapi.js";
import { startWard, type Ward } from "../conformance/harness.js";

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
const sdkLines: string[] = [];
const quiet: Logger = {
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

const WAIT_MS = 15_000;

/**
 * The SDK's fetch: every response it receives is also checked against the
 * spec's OpenAPI schema for that endpoint and status, so the test covers what
 * a real client actually asks for, not only what the conformance suite asks.
 */
const violations: string[] = [];
const checkedRequests = new Map<string, number>();
const specFetch: typeof fetch = async (input, init) => {
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
async function until<T>(what: string, check: () => T | undefined | false | null): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Registers through the SDK: the first call answers 401 with a UIA session, the second completes m.login.dummy. */
async function registerWithSdk(ward: Ward, username: string, password: string): Promise<string> {
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

type Running = { client: MatrixClient; userId: string };

/** Logs in (loginRequest, as the SDK recommends) and returns a client built from the session, started and PREPARED. */
async function loginAndStart(t: Tap, ward: Ward, user: string, password: string, initialSyncLimit = 20, lazyLoadMembers = false): Promise<Running> {
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

function withTimeout<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Message bodies in a room's live timeline, oldest first. */
function bodies(room: Room | null): string[] {
  return (room?.getLiveTimeline().getEvents() ?? [])
    .filter((e: MatrixEvent) => e.getType() === EventType.RoomMessage)
    .map((e: MatrixEvent) => String(e.getContent().body));
}

type Tap = Parameters<Parameters<typeof t.test>[0]>[0];

t.teardown(() => {
  // What the SDK said: all of it with WARD_TEST_SDK_LOG=1, the last lines when something failed.
  if (process.env.WARD_TEST_SDK_LOG) console.error(sdkLines.join("\n"));
  else if (!t.passing()) console.error(sdkLines.slice(-80).join("\n"));
});

forEachDatabase(t, "matrix-js-sdk against Ward", async (t, db) => {
  const ward = await startWard(t, db);

  const aliceId = await registerWithSdk(ward, "alice", "alice-password-1");
  const bobId = await registerWithSdk(ward, "bob", "bob-password-1");
  t.equal(aliceId, `@alice:${ward.config.serverName}`);
  t.equal(bobId, `@bob:${ward.config.serverName}`);

  const alice = await loginAndStart(t, ward, "alice", "alice-password-1");
  const bob = await loginAndStart(t, ward, "bob", "bob-password-1");
  t.pass("both clients PREPARED");

  // Rooms: one public (listed, anyone joins), one private (invite only).
  const { room_id: publicRoom } = await alice.client.createRoom({ preset: Preset.PublicChat, visibility: Visibility.Public, name: "General" });
  const { room_id: privateRoom } = await alice.client.createRoom({ preset: Preset.PrivateChat, name: "Private" });
  await until("alice's client to see both rooms", () => alice.client.getRoom(publicRoom) && alice.client.getRoom(privateRoom));
  t.equal(alice.client.getRoom(publicRoom)?.name, "General", "room name from state");
  t.equal(alice.client.getRoom(privateRoom)?.getMyMembership(), KnownMembership.Join);

  // Invite → bob's /sync shows it → bob joins.
  await alice.client.invite(privateRoom, bob.userId);
  await until("bob's client to see the invite", () => bob.client.getRoom(privateRoom)?.getMyMembership() === KnownMembership.Invite);
  t.equal(bob.client.getRoom(privateRoom)?.name, "Private", "the invite's stripped state carries the room name");
  await bob.client.joinRoom(privateRoom);
  await until("bob joined (own sync)", () => bob.client.getRoom(privateRoom)?.getMyMembership() === KnownMembership.Join);
  await until("alice sees bob joined", () => alice.client.getRoom(privateRoom)?.getMember(bob.userId)?.membership === KnownMembership.Join);
  await bob.client.joinRoom(publicRoom);
  await until("alice sees bob in the public room", () => alice.client.getRoom(publicRoom)?.getMember(bob.userId)?.membership === KnownMembership.Join);
  t.pass("invite and join seen by both");

  // Messages both ways, each received through the other's /sync.
  await alice.client.sendMessage(privateRoom, { msgtype: MsgType.Text, body: "hello bob" });
  await until("bob receives alice's message", () => bodies(bob.client.getRoom(privateRoom)).includes("hello bob"));
  await bob.client.sendMessage(privateRoom, { msgtype: MsgType.Text, body: "hello alice" });
  await until("alice receives bob's message", () => bodies(alice.client.getRoom(privateRoom)).includes("hello alice"));
  t.same(bodies(alice.client.getRoom(privateRoom)), ["hello bob", "hello alice"], "alice's timeline in order");
  t.same(bodies(bob.client.getRoom(privateRoom)), ["hello bob", "hello alice"], "bob's timeline in order");
  const received = bob.client.getRoom(privateRoom)?.getLiveTimeline().getEvents().find((e) => e.getContent().body === "hello bob");
  t.equal(received?.getSender(), alice.userId, "sender");
  t.equal(received?.status ?? null, null, "a remote echo, not a local one");

  // Scroll back: 25 messages, then a fresh client that syncs only the last 3 and pages back.
  const sent: string[] = [];
  for (let i = 0; i < 25; i++) {
    sent.push(`public ${i}`);
    await alice.client.sendMessage(publicRoom, { msgtype: MsgType.Text, body: `public ${i}` });
  }
  await until("bob receives the 25 messages", () => bodies(bob.client.getRoom(publicRoom)).length >= 25);
  t.same(bodies(bob.client.getRoom(publicRoom)), sent, "bob's live timeline: all 25, in order");
  // This client lazy-loads members, as Element does: /sync sends only the members
  // its timeline needs, and the SDK asks /members?at=... for the rest.
  const reader = await loginAndStart(t, ward, "bob", "bob-password-1", 3, true);
  const room = await until("reader's room", () => reader.client.getRoom(publicRoom));
  await withTimeout("loadMembersIfNeeded", room.loadMembersIfNeeded());
  t.same(
    room.getJoinedMembers().map((m) => m.userId).sort(),
    [alice.userId, bob.userId].sort(),
    "lazy-loaded members: both joined members",
  );
  t.ok(bodies(room).length <= 3, `initial sync limited to 3 events (${bodies(room).length} messages)`);
  for (let page = 0; page < 10 && bodies(room).length < 25 && room.oldState.paginationToken !== null; page++) {
    await withTimeout("scrollback", reader.client.scrollback(room, 10));
  }
  t.same(bodies(room), sent, "scrollback fetched the older messages, oldest first, none twice");
  for (let page = 0; page < 10 && room.oldState.paginationToken !== null; page++) {
    await withTimeout("scrollback to the start", reader.client.scrollback(room, 30));
  }
  t.equal(room.oldState.paginationToken, null, "scrolled back to the start of the room");
  t.equal(room.getLiveTimeline().getEvents()[0]?.getType(), EventType.RoomCreate, "the first event is m.room.create");
  reader.client.stopClient();

  // Bob leaves the private room; alice's client sees it.
  await bob.client.leave(privateRoom);
  await until("bob's client shows him left", () => bob.client.getRoom(privateRoom)?.getMyMembership() === KnownMembership.Leave);
  await until("alice sees bob leave", () => alice.client.getRoom(privateRoom)?.getMember(bob.userId)?.membership === KnownMembership.Leave);
  t.pass("leave seen by both");

  // Log out: stop syncing, revoke the token; the token no longer works.
  const bobToken = bob.client.getAccessToken();
  await bob.client.logout(true);
  await alice.client.logout(true);
  const after = await ward.request("GET", "/_matrix/client/v3/account/whoami", { token: bobToken ?? "" });
  t.equal(after.status, 401, "bob's token is revoked");
  t.equal(after.body.errcode, "M_UNKNOWN_TOKEN");
  for (const c of [alice.client, bob.client]) c.stopClient();

  t.comment(`responses checked against the spec: ${[...checkedRequests].map(([k, n]) => `${k} ×${n}`).join(", ")}`);
  t.same(violations.splice(0), [], "every response the SDK received conforms to the spec");
  checkedRequests.clear();
});
