/**
 * computeSync on its own: everything is bounded by the ONE position read
 * before the computation, so an event committed meanwhile lands in the next
 * response (never skipped, never twice).
 */
import t from "tap";
import { computeSync } from "../../../src/services/sync/compute.js";
import { DEFAULT_SYNC_FILTER } from "../../../src/services/filters/sync-filter.js";
import { currentStreamPosition } from "../../../src/store/stream.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";
import { createRoom, send } from "../../api/client/sync-fixtures.js";

/** Nobody types in these tests; the typing mark is carried through to next_batch. */
const noTyping = { changedSince: () => [], typingIn: () => [] };
const at = (stream: number) => ({ stream, typing: "m1" });

await forEachDatabase(t, "an event above `upto` waits for the next response", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const roomId = await createRoom(hs, alice);
  const params = { userId: alice.userId, deviceId: alice.deviceId, filter: DEFAULT_SYNC_FILTER, fullState: false, useStateAfter: false, sinceTyping: undefined };
  const start = await currentStreamPosition(db);
  const first = await send(hs, alice, roomId, "one");
  const upto = await currentStreamPosition(db);
  const late = await send(hs, alice, roomId, "two"); // commits "while" the response up to `upto` is computed
  const a = await computeSync(db, Date.now(), { ...params, since: start }, at(upto), noTyping);
  t.equal(a.response.next_batch, `s${upto}_tm1`);
  t.same(a.response.rooms?.join?.[roomId]?.timeline?.events.map((e) => e.event_id), [first]);
  const b = await computeSync(db, Date.now(), { ...params, since: upto }, at(await currentStreamPosition(db)), noTyping);
  t.same(b.response.rooms?.join?.[roomId]?.timeline?.events.map((e) => e.event_id), [late]);
  const initial = await computeSync(db, Date.now(), { ...params, since: undefined }, at(upto), noTyping);
  t.notOk(initial.response.rooms?.join?.[roomId]?.timeline?.events.some((e) => e.event_id === late), "initial syncs too");
  t.equal(a.empty, false);
  const nothing = await computeSync(db, Date.now(), { ...params, since: upto }, at(upto), noTyping);
  t.equal(nothing.empty, true);
});

await forEachDatabase(t, "membership is read as of `upto`, not from current state", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const roomId = await createRoom(hs, alice, { preset: "public_chat" });
  const before = await currentStreamPosition(db);
  await hs.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/join`, { token: bob.accessToken, body: {} });
  const params = { userId: bob.userId, deviceId: bob.deviceId, filter: DEFAULT_SYNC_FILTER, fullState: false, useStateAfter: false, since: undefined, sinceTyping: undefined };
  const early = await computeSync(db, Date.now(), params, at(before), noTyping);
  t.same(early.response.rooms?.join, {}, "bob was not in the room yet at that position");
  const now = await computeSync(db, Date.now(), params, at(await currentStreamPosition(db)), noTyping);
  t.same(Object.keys(now.response.rooms?.join ?? {}), [roomId]);
});
