/**
 * Rate limits on the endpoints abuse goes through: sending, joining,
 * registering (uploading shares the same mechanism: media.upload is marked
 * rateLimited, served once media lands). An empty bucket answers 429
 * M_LIMIT_EXCEEDED with retry_after_ms and Retry-After; WARD_RATE_LIMITS=false
 * turns the limits off for conformance runs.
 */
import t from "tap";
import type { RateLimitConfig } from "../../../src/config.js";
import { forEachDatabase, type Tap } from "../../helpers/databases.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";
import { validateError } from "../../helpers/openapi.js";
import { createRoom, expectOk } from "./sync-fixtures.js";

const V3 = "/_matrix/client/v3";
/** One request per bucket, refilled only after minutes: the second request in a test is refused. */
const ONE: RateLimitConfig = { enabled: true, perSecond: 0.005, burst: 1 };

function expectLimited(t: Tap, res: { status: number; json: any; headers: Headers }, what: string) {
  t.same([res.status, res.json.errcode], [429, "M_LIMIT_EXCEEDED"], what);
  t.ok(res.json.retry_after_ms > 0, `${what}: retry_after_ms`);
  t.equal(res.headers.get("retry-after"), String(Math.ceil(res.json.retry_after_ms / 1000)), `${what}: Retry-After in seconds`);
  t.strictSame(validateError(res.json), [], what);
}

const message = (roomId: string, txn: string) => `${V3}/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${txn}`;

await forEachDatabase(t, "sending, joining and registering are limited per user (or address)", async (t, db) => {
  const hs = await startTestHomeserver(t, db, { config: { rateLimits: ONE } });
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const roomId = await createRoom(hs, alice, { preset: "public_chat" });
  expectLimited(t, await hs.request("PUT", message(roomId, "t1"), { token: alice.accessToken, body: { msgtype: "m.text", body: "hi" } }), "send");

  await expectOk("first join", await hs.request("POST", `${V3}/join/${encodeURIComponent(roomId)}`, { token: bob.accessToken, body: {} }));
  expectLimited(t, await hs.request("POST", `${V3}/rooms/${encodeURIComponent(roomId)}/join`, { token: bob.accessToken, body: {} }), "join");

  const register = () => hs.request("POST", `${V3}/register`, { body: { username: "carol", password: "a long enough passphrase" } });
  t.equal((await register()).status, 401, "the first registration request starts UIA");
  expectLimited(t, await register(), "register");
});

await forEachDatabase(t, "WARD_RATE_LIMITS=false turns the limits off", async (t, db) => {
  const hs = await startTestHomeserver(t, db, { config: { rateLimits: { ...ONE, enabled: false } } });
  const alice = await hs.registerUser("alice");
  const roomId = await createRoom(hs, alice);
  for (let i = 0; i < 5; i++) {
    t.equal((await hs.request("PUT", message(roomId, `t${i}`), { token: alice.accessToken, body: { msgtype: "m.text", body: "hi" } })).status, 200);
  }
});
