/**
 * The idle timeout over HTTP (HIPAA automatic logoff): user activity keeps a
 * session, background requests do not; an ended session answers 401
 * M_UNKNOWN_TOKEN with soft_logout: true, also on a /sync already waiting.
 *
 * The homeserver's clock is real time plus an offset the test moves, so
 * hours pass at once while the timers of a waiting /sync run for real.
 */
import t from "tap";
import { MAX_IDLE_TIMEOUT_MS, MIN_IDLE_TIMEOUT_MS } from "../../../src/services/users/idle-timeout.js";
import { IDLE_SLACK_MS } from "../../../src/services/users/sessions.js";
import { hashAccessToken } from "../../../src/services/users/tokens.js";
import type { Database } from "../../../src/store/database.js";
import { accessTokensTable } from "../../../src/store/tables/access-tokens.js";
import { forEachDatabase, type Tap } from "../../helpers/databases.js";
import { startTestHomeserver, TEST_PASSWORD, type TestHomeserver, type TestUser } from "../../helpers/homeserver.js";
import { validateError } from "../../helpers/openapi.js";
import { createRoom, expectOk, send, sync, syncPath } from "./sync-fixtures.js";

const V3 = "/_matrix/client/v3";
const WHOAMI = `${V3}/account/whoami`;
const HOUR = 3_600_000;
const MINUTE = 60_000;

type Shifted = { hs: TestHomeserver; clock: { offset: number }; alice: TestUser };

async function shifted(t: Tap, db: Database): Promise<Shifted> {
  const clock = { offset: 0 };
  const hs = await startTestHomeserver(t, db, { clock: () => Date.now() + clock.offset, config: { rateLimits: { enabled: false, perSecond: 1, burst: 1 } } });
  return { hs, clock, alice: await hs.registerUser("alice") };
}

async function expectSoftLogout(t: Tap, res: { status: number; json: any }, what: string) {
  t.same([res.status, res.json?.errcode, res.json?.soft_logout], [401, "M_UNKNOWN_TOKEN", true], what);
  t.strictSame(validateError(res.json), [], what);
}

const lastActivity = async (db: Database, user: TestUser) => (await accessTokensTable.lookup(db, hashAccessToken(user.accessToken)))!.lastActivityTs;

await forEachDatabase(t, "sending after 3h59 keeps the session; polling /sync for 4 hours does not", async (t, db) => {
  const { hs, clock, alice } = await shifted(t, db);
  const roomId = await createRoom(hs, alice);
  clock.offset += 4 * HOUR - MINUTE;
  await send(hs, alice, roomId, "still here");
  let since = (await sync(hs, alice)).next_batch;
  for (let hour = 1; hour <= 4; hour++) {
    clock.offset += HOUR;
    const res = await hs.request("GET", syncPath({ since, timeout: 0 }), { token: alice.accessToken });
    since = (await expectOk(`sync after ${hour} h`, res)).next_batch;
    t.equal((await hs.request("GET", WHOAMI, { token: alice.accessToken })).status, 200, `whoami after ${hour} h`);
  }
  // Four hours after the last send; the end may come up to IDLE_SLACK_MS later (see sessions.ts).
  clock.offset += IDLE_SLACK_MS;
  await expectSoftLogout(t, await hs.request("GET", WHOAMI, { token: alice.accessToken }), "whoami");
  await expectSoftLogout(t, await hs.request("GET", syncPath({ since }), { token: alice.accessToken }), "sync");
  await expectSoftLogout(t, await hs.request("PUT", `${V3}/rooms/${encodeURIComponent(roomId)}/send/m.room.message/late`, {
    token: alice.accessToken, body: { msgtype: "m.text", body: "too late" },
  }), "activity does not revive an ended session");

  // Soft logout: signing in again on the same device carries on.
  const again = await hs.request("POST", `${V3}/login`, {
    body: { type: "m.login.password", identifier: { type: "m.id.user", user: "alice" }, password: TEST_PASSWORD, device_id: alice.deviceId },
  });
  t.equal(again.json.device_id, alice.deviceId);
  t.equal((await hs.request("GET", WHOAMI, { token: again.json.access_token })).status, 200);
});

await forEachDatabase(t, "what counts as activity is declared per endpoint", async (t, db) => {
  const { hs, clock, alice } = await shifted(t, db);
  const roomId = await createRoom(hs, alice);
  const eventId = await send(hs, alice, roomId, "hello");
  const room = `${V3}/rooms/${encodeURIComponent(roomId)}`;
  const me = encodeURIComponent(alice.userId);
  const ev = encodeURIComponent(eventId);
  const cases: Array<[string, string, string, unknown, boolean]> = [
    ["send", "PUT", `${room}/send/m.room.message/t1`, { msgtype: "m.text", body: "hi" }, true],
    ["read /messages", "GET", `${room}/messages?dir=b`, undefined, true],
    ["read /context", "GET", `${room}/context/${ev}`, undefined, true],
    ["read an event", "GET", `${room}/event/${ev}`, undefined, true],
    ["open a room: state", "GET", `${room}/state`, undefined, true],
    ["open a room: members", "GET", `${room}/members`, undefined, true],
    ["typing", "PUT", `${room}/typing/${me}`, { typing: true, timeout: 5000 }, true],
    ["receipt", "POST", `${room}/receipt/m.read/${ev}`, {}, true],
    ["/sync", "GET", syncPath({ timeout: 0 }), undefined, false],
    ["presence GET", "GET", `${V3}/presence/${me}/status`, undefined, false],
    ["presence PUT", "PUT", `${V3}/presence/${me}/status`, { presence: "online" }, false],
    ["capabilities", "GET", `${V3}/capabilities`, undefined, false],
    ["push rules", "GET", `${V3}/pushrules/`, undefined, false],
    ["whoami", "GET", WHOAMI, undefined, false],
  ];
  for (const [what, method, path, body, counts] of cases) {
    clock.offset += 2 * MINUTE;
    const before = await lastActivity(db, alice);
    const at = Date.now() + clock.offset;
    const res = await hs.request(method, path, { token: alice.accessToken, body });
    t.equal(res.status, 200, `${what}: ${JSON.stringify(res.json)}`);
    const after = await lastActivity(db, alice);
    if (counts) t.ok(after >= at, `${what} counts as activity`);
    else t.equal(after, before, `${what} does not`);
  }
});

await forEachDatabase(t, "the org setting lowers the timeout, within 5 minutes to 4 hours", async (t, db) => {
  const { hs, clock, alice } = await shifted(t, db);
  const setting = hs.services.accounts.idleTimeout;
  t.equal(await setting.current(), MAX_IDLE_TIMEOUT_MS, "4 hours by default");
  await t.rejects(setting.set(MIN_IDLE_TIMEOUT_MS - 1, "@admin:localhost"), { name: "MatrixError", errcode: "M_INVALID_PARAM" }, "below 5 minutes");
  await t.rejects(setting.set(MAX_IDLE_TIMEOUT_MS + 1, "@admin:localhost"), { name: "MatrixError", errcode: "M_INVALID_PARAM" }, "above 4 hours: refused, not capped");
  t.equal(await setting.current(), MAX_IDLE_TIMEOUT_MS, "refusals change nothing");
  await setting.set(10 * MINUTE, "@admin:localhost");

  const roomId = await createRoom(hs, alice);
  clock.offset += 9 * MINUTE;
  await send(hs, alice, roomId, "busy");
  clock.offset += 10 * MINUTE - 1;
  t.equal((await hs.request("GET", WHOAMI, { token: alice.accessToken })).status, 200, "within 10 minutes of the last act");
  clock.offset += 1 + IDLE_SLACK_MS;
  await expectSoftLogout(t, await hs.request("GET", WHOAMI, { token: alice.accessToken }), "10 minutes idle");
});

await forEachDatabase(t, "a /sync that is already waiting ends with 401 soft_logout when the session idles out", async (t, db) => {
  const { hs, clock, alice } = await shifted(t, db);
  await hs.services.accounts.idleTimeout.set(MIN_IDLE_TIMEOUT_MS, "@admin:localhost");
  const since = (await sync(hs, alice)).next_batch;
  // Put the session's end a few real seconds ahead, then wait on /sync far longer than that.
  const endsTs = (await lastActivity(db, alice)) + MIN_IDLE_TIMEOUT_MS + IDLE_SLACK_MS;
  clock.offset = endsTs - 4000 - Date.now();
  let answered = false;
  const polling = hs.request("GET", syncPath({ since, timeout: 25_000 }), { token: alice.accessToken }).finally(() => (answered = true));
  let sawWaiting = false;
  while (!answered && !sawWaiting) {
    sawWaiting = hs.context.notifier.waiting > 0;
    await new Promise((r) => setTimeout(r, 20));
  }
  t.ok(sawWaiting, "the /sync was waiting for news");
  await expectSoftLogout(t, await polling, "the waiting /sync");
  t.equal(hs.context.notifier.waiting, 0);
});

await forEachDatabase(t, "a waiting /sync on a live session is not cut short", async (t, db) => {
  const { hs, alice } = await shifted(t, db);
  const roomId = await createRoom(hs, alice);
  const since = (await sync(hs, alice)).next_batch;
  const polling = hs.request("GET", syncPath({ since, timeout: 20_000 }), { token: alice.accessToken });
  while (hs.context.notifier.waiting === 0) await new Promise((r) => setTimeout(r, 20));
  await send(hs, alice, roomId, "news");
  const res = await polling;
  t.equal(res.status, 200);
  t.ok(res.json.rooms?.join?.[roomId], "woken by the message, as before");
});
