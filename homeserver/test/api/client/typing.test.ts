/**
 * PUT /rooms/{roomId}/typing/{userId} and its delivery through /sync:
 * refusals that change nothing, m.typing in the other member's ephemeral
 * section (incremental and initial), stopping, expiry, leaving, and a
 * long-poll woken by a typing change.
 */
import t from "tap";
import type { Database } from "../../../src/store/database.js";
import { forEachDatabase, type Tap } from "../../helpers/databases.js";
import type { TestHomeserver, TestUser } from "../../helpers/homeserver.js";
import { validateError, validateResponse } from "../../helpers/openapi.js";
import { roomPath, roomsHttp } from "./room-helpers.js";
import { createRoom, membership, sync, syncPath, type SyncResponse } from "./sync-fixtures.js";

const TYPING = "/rooms/{roomId}/typing/{userId}";

function compileSchemas(): void {
  validateResponse("PUT", TYPING, 200, {});
  validateResponse("GET", "/sync", 200, {});
  validateError({});
}

/** For long-polls: only m.typing, so nothing else (presence, say) can end them. */
const TYPING_ONLY = JSON.stringify({
  room: { timeline: { types: [] }, state: { types: [] }, ephemeral: { types: ["m.typing"] }, account_data: { types: [] } },
  presence: { types: [] },
  account_data: { types: [] },
});

const typingPath = (roomId: string, userId: string) => roomPath(roomId, `/typing/${encodeURIComponent(userId)}`);

function putTyping(hs: TestHomeserver, user: TestUser, roomId: string, body: unknown, userId = user.userId) {
  return hs.request("PUT", typingPath(roomId, userId), { token: user.accessToken, body });
}

/** The m.typing events of a room in a sync response (one at most, or none). */
function typingEvents(res: SyncResponse, roomId: string): unknown[] {
  return (res.rooms?.join?.[roomId]?.ephemeral?.events ?? []).filter((e) => e.type === "m.typing");
}

/** Waits (bounded) until the server holds a long-poll, so the change after it is one it must be woken for. */
async function parked(hs: TestHomeserver): Promise<void> {
  for (let waited = 0; hs.context.notifier.waiting === 0 && waited < 10_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** alice and bob in one room; carol in none of theirs. */
async function setup(t: Tap, db: Database) {
  compileSchemas();
  const { hs, alice, bob } = await roomsHttp(t, db);
  const carol = await hs.registerUser("carol");
  const roomId = await createRoom(hs, alice, { preset: "public_chat" });
  await membership(hs, bob, roomId, "join");
  return { hs, alice, bob, carol, roomId };
}

await forEachDatabase(t, "refusals answer a Matrix error and change nothing", async (t, db) => {
  const { hs, alice, bob, carol, roomId } = await setup(t, db);
  const start = await sync(hs, bob);
  const check = (res: { status: number; json: any }, status: number, errcode: string, name: string) => {
    t.same([res.status, res.json?.errcode], [status, errcode], name);
    t.same(validateError(res.json), [], `${name}: error shape`);
  };
  check(await putTyping(hs, alice, roomId, { typing: true }, bob.userId), 403, "M_FORBIDDEN", "for another user");
  check(await putTyping(hs, carol, roomId, { typing: true, timeout: 5000 }), 403, "M_FORBIDDEN", "not in the room");
  await membership(hs, carol, roomId, "join");
  await membership(hs, carol, roomId, "leave");
  check(await putTyping(hs, carol, roomId, { typing: true }), 403, "M_FORBIDDEN", "left the room");
  check(await putTyping(hs, alice, "!unknown:ward.test", { typing: true }), 404, "M_NOT_FOUND", "unknown room: not found (as a hidden one would be)");
  check(await putTyping(hs, alice, "not-a-room", { typing: true }), 400, "M_INVALID_PARAM", "malformed room ID");
  check(await putTyping(hs, alice, roomId, { typing: "yes" }), 400, "M_BAD_JSON", "typing not a boolean");
  check(await putTyping(hs, alice, roomId, { timeout: 1000 }), 400, "M_MISSING_PARAM", "typing missing");
  check(await putTyping(hs, alice, roomId, { typing: true, timeout: -1 }), 400, "M_BAD_JSON", "negative timeout");
  check(await putTyping(hs, alice, roomId, { typing: true, timeout: 1.5 }), 400, "M_BAD_JSON", "fractional timeout");
  check(await hs.request("PUT", typingPath(roomId, alice.userId), { body: { typing: true } }), 401, "M_MISSING_TOKEN", "no token");
  const after = await sync(hs, bob, { since: start.next_batch });
  t.same(typingEvents(after, roomId), [], "nobody shows as typing");
  t.same(hs.services.typing.typingIn(roomId), []);
});

await forEachDatabase(t, "the other member sees typing in /sync, then sees it stop", async (t, db) => {
  const { hs, alice, bob, roomId } = await setup(t, db);
  const start = await sync(hs, bob);
  t.same(typingEvents(start, roomId), [], "nobody typing: no m.typing in an initial sync");
  const put = await putTyping(hs, alice, roomId, { typing: true, timeout: 30_000 });
  t.same([put.status, put.json], [200, {}]);
  t.same(validateResponse("PUT", TYPING, 200, put.json), []);

  const typing = await sync(hs, bob, { since: start.next_batch });
  t.same(validateResponse("GET", "/sync", 200, typing), []);
  t.same(typingEvents(typing, roomId), [{ type: "m.typing", content: { user_ids: [alice.userId] } }]);
  t.match(typing.next_batch, /^s\d+_t[A-Za-z0-9.-]+$/, "the token carries the typing mark");

  t.equal((await putTyping(hs, alice, roomId, { typing: true, timeout: 30_000 })).status, 200, "renewal");
  const renewed = await sync(hs, bob, { since: typing.next_batch });
  t.same(typingEvents(renewed, roomId), [], "a renewal is no news");

  t.equal((await putTyping(hs, alice, roomId, { typing: false })).status, 200);
  const stopped = await sync(hs, bob, { since: renewed.next_batch });
  t.same(validateResponse("GET", "/sync", 200, stopped), []);
  t.same(typingEvents(stopped, roomId), [{ type: "m.typing", content: { user_ids: [] } }], "an empty list replaces the old one");
  const quiet = await sync(hs, bob, { since: stopped.next_batch });
  t.same(typingEvents(quiet, roomId), [], "and then nothing more");
});

await forEachDatabase(t, "typing expires after its timeout and wakes a long-poll", async (t, db) => {
  const { hs, alice, bob, roomId } = await setup(t, db);
  const start = await sync(hs, bob);
  t.equal((await putTyping(hs, alice, roomId, { typing: true, timeout: 60_000 })).status, 200);
  const typing = await sync(hs, bob, { since: start.next_batch });
  t.same(typingEvents(typing, roomId), [{ type: "m.typing", content: { user_ids: [alice.userId] } }]);
  // A renewal with a short timeout moves the expiry closer (and is no news by itself).
  t.equal((await putTyping(hs, alice, roomId, { typing: true, timeout: 100 })).status, 200);
  const expired = await sync(hs, bob, { since: typing.next_batch, timeout: 20_000, filter: TYPING_ONLY });
  t.same(typingEvents(expired, roomId), [{ type: "m.typing", content: { user_ids: [] } }], "the long-poll returned with the expiry");
  t.same(validateResponse("GET", "/sync", 200, expired), []);
});

await forEachDatabase(t, "a long-poll wakes when someone starts typing", async (t, db) => {
  const { hs, alice, bob, roomId } = await setup(t, db);
  const start = await sync(hs, bob);
  const poll = hs.request<SyncResponse>("GET", syncPath({ since: start.next_batch, timeout: 20_000, filter: TYPING_ONLY }), { token: bob.accessToken });
  await parked(hs);
  t.equal((await putTyping(hs, alice, roomId, { typing: true })).status, 200);
  const res = await poll;
  t.equal(res.status, 200);
  t.same(typingEvents(res.json, roomId), [{ type: "m.typing", content: { user_ids: [alice.userId] } }]);
});

await forEachDatabase(t, "an initial sync shows who is typing now, in each room", async (t, db) => {
  const { hs, alice, bob, carol, roomId } = await setup(t, db);
  const quietRoom = await createRoom(hs, alice, { preset: "public_chat" });
  await membership(hs, bob, quietRoom, "join");
  await membership(hs, carol, roomId, "join");
  t.equal((await putTyping(hs, alice, roomId, { typing: true })).status, 200);
  t.equal((await putTyping(hs, carol, roomId, { typing: true })).status, 200);
  const initial = await sync(hs, bob);
  t.same(validateResponse("GET", "/sync", 200, initial), []);
  t.same(typingEvents(initial, roomId), [{ type: "m.typing", content: { user_ids: [alice.userId, carol.userId].sort() } }]);
  t.same(typingEvents(initial, quietRoom), [], "no m.typing where nobody types");
  const filtered = await sync(hs, bob, { filter: JSON.stringify({ room: { ephemeral: { not_types: ["m.typing"] } } }) });
  t.same(typingEvents(filtered, roomId), [], "the filter's ephemeral part applies");
});

await forEachDatabase(t, "a typer who leaves stops showing as typing", async (t, db) => {
  const { hs, alice, bob, roomId } = await setup(t, db);
  const start = await sync(hs, alice);
  t.equal((await putTyping(hs, bob, roomId, { typing: true, timeout: 60_000 })).status, 200);
  await membership(hs, bob, roomId, "leave");
  // The leave is seen through the bus and checked against the database: wait for it (bounded).
  for (let waited = 0; hs.services.typing.typingIn(roomId).length > 0 && waited < 10_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  const after = await sync(hs, alice, { since: start.next_batch });
  t.same(typingEvents(after, roomId), [{ type: "m.typing", content: { user_ids: [] } }]);
});
