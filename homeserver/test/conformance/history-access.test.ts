/**
 * Who may read what, across the endpoints that read a room (ROOMS: state,
 * event, members, joined_members; SYNC: /sync, /messages, /context), and the
 * spec's rules at the edges of a membership: leaving, being kicked,
 * forgetting. A messenger for medical practices must not show a former
 * member anything said after they left, and nothing at all once they forgot
 * the room (spec, POST /rooms/{roomId}/forget: "After this API is called,
 * however, a user will no longer be able to retrieve history for this room").
 *
 * Every response is also checked against the spec schema.
 */
import t from "tap";
import { forEachDatabase, type Tap } from "../helpers/databases.js";
import { validateError, validateResponse } from "../helpers/openapi.js";
import { startWard, type Response, type TestUser, type Ward } from "./harness.js";

const V3 = "/_matrix/client/v3";
const e = encodeURIComponent;

function conforms(t: Tap, method: string, template: string, res: Response): void {
  let errors: string[];
  try {
    errors = validateResponse(method, template, res.status, res.body);
  } catch (err) {
    errors = res.status >= 400 ? validateError(res.body) : [(err as Error).message];
  }
  t.same(errors, [], `${method} ${template} ${res.status}: conforms to the spec`);
}

/** GET with a check of the status and of the body's shape. */
async function get(t: Tap, ward: Ward, template: string, path: string, user: TestUser, status: number, query?: Record<string, string | number>): Promise<Response> {
  const res = await ward.request("GET", path, { token: user.accessToken, ...(query ? { query } : {}) });
  t.equal(res.status, status, `GET ${template} → ${status}`, { body: res.body });
  conforms(t, "GET", template, res);
  return res;
}

async function send(ward: Ward, user: TestUser, roomId: string, body: string): Promise<string> {
  const res = await ward.request("PUT", `${V3}/rooms/${e(roomId)}/send/m.room.message/${Math.random().toString(36).slice(2)}`, {
    token: user.accessToken,
    body: { msgtype: "m.text", body },
  });
  if (res.status !== 200) throw new Error(`send: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.event_id;
}

async function post(ward: Ward, user: TestUser, path: string, body: unknown = {}): Promise<Response> {
  const res = await ward.request("POST", path, { token: user.accessToken, body });
  if (res.status !== 200) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

const bodies = (events: Array<{ type: string; content: { body?: string } }>) => events.filter((x) => x.type === "m.room.message").map((x) => x.content.body);

forEachDatabase(t, "history access at the edges of membership", async (t, db) => {
  const ward = await startWard(t, db);
  const alice = await ward.register("alice");
  const bob = await ward.register("bob");
  const carol = await ward.register("carol");
  const roomId = (await post(ward, alice, `${V3}/createRoom`, { preset: "private_chat", topic: "before", invite: [bob.userId] })).body.room_id as string;
  const room = e(roomId);
  await post(ward, bob, `${V3}/rooms/${room}/join`);
  const before = await send(ward, alice, roomId, "said while bob was here");
  const bobSync = await ward.request("GET", `${V3}/sync`, { token: bob.accessToken, query: { timeout: 0 } });
  await post(ward, bob, `${V3}/rooms/${room}/leave`);
  const after = await send(ward, alice, roomId, "said after bob left");
  await ward.request("PUT", `${V3}/rooms/${room}/state/m.room.topic/`, { token: alice.accessToken, body: { topic: "after" } });
  await post(ward, alice, `${V3}/rooms/${room}/invite`, { user_id: carol.userId });
  await post(ward, carol, `${V3}/rooms/${room}/join`);

  await t.test("a former member sees the room as it was when they left", async (t) => {
    const sync = await ward.request("GET", `${V3}/sync`, { token: bob.accessToken, query: { since: bobSync.body.next_batch, timeout: 0 } });
    conforms(t, "GET", `${V3}/sync`, sync);
    const left = sync.body.rooms?.leave?.[roomId];
    t.ok(left, "the room is in rooms.leave");
    t.notOk(JSON.stringify(sync.body).includes("said after bob left"), "/sync: nothing sent after the leave");
    const messages = await get(t, ward, `${V3}/rooms/{roomId}/messages`, `${V3}/rooms/${room}/messages`, bob, 200, { dir: "b", limit: 50 });
    t.same(bodies(messages.body.chunk), ["said while bob was here"], "/messages stops at the leave");
    await get(t, ward, `${V3}/rooms/{roomId}/event/{eventId}`, `${V3}/rooms/${room}/event/${e(before)}`, bob, 200);
    const hidden = await get(t, ward, `${V3}/rooms/{roomId}/event/{eventId}`, `${V3}/rooms/${room}/event/${e(after)}`, bob, 404);
    t.equal(hidden.body.errcode, "M_NOT_FOUND");
    await get(t, ward, `${V3}/rooms/{roomId}/context/{eventId}`, `${V3}/rooms/${room}/context/${e(after)}`, bob, 404);
    // getRoomStateWithKey: "If the user has left the room then the state is taken from the state of the room when they left."
    const topic = await get(t, ward, `${V3}/rooms/{roomId}/state/{eventType}/{stateKey}`, `${V3}/rooms/${room}/state/m.room.topic/`, bob, 200);
    t.equal(topic.body.topic, "before", "state/m.room.topic: the topic when bob left");
    const state = await get(t, ward, `${V3}/rooms/{roomId}/state`, `${V3}/rooms/${room}/state`, bob, 200);
    t.notOk(JSON.stringify(state.body).includes(carol.userId), "state: no trace of carol, who joined later");
    const members = await get(t, ward, `${V3}/rooms/{roomId}/members`, `${V3}/rooms/${room}/members`, bob, 200);
    t.notOk(JSON.stringify(members.body).includes(carol.userId), "members: no trace of carol");
  });

  await t.test("joined_members needs a current member (spec: 'The current user must be in the room')", async (t) => {
    const res = await get(t, ward, `${V3}/rooms/{roomId}/joined_members`, `${V3}/rooms/${room}/joined_members`, bob, 403);
    t.equal(res.body.errcode, "M_FORBIDDEN");
  });

  await t.test("/messages omits `end` once there is nothing more to read", async (t) => {
    const all = await get(t, ward, `${V3}/rooms/{roomId}/messages`, `${V3}/rooms/${room}/messages`, alice, 200, { dir: "b", limit: 1000 });
    t.equal(all.body.chunk.at(-1)?.type, "m.room.create", "the whole room in one page");
    t.notOk("end" in all.body, "no `end` at the start of the timeline", { end: all.body.end });
    const forward = await get(t, ward, `${V3}/rooms/{roomId}/messages`, `${V3}/rooms/${room}/messages`, alice, 200, { dir: "f", limit: 1000 });
    t.notOk("end" in forward.body, "no `end` at the live end, going forwards", { end: forward.body.end });
  });

  await t.test("after forgetting the room, no endpoint gives its history back", async (t) => {
    await post(ward, bob, `${V3}/rooms/${room}/forget`);
    const sync = await ward.request("GET", `${V3}/sync`, { token: bob.accessToken, query: { timeout: 0 } });
    t.notOk(sync.body.rooms?.leave?.[roomId], "/sync: the forgotten room is gone");
    await get(t, ward, `${V3}/rooms/{roomId}/state`, `${V3}/rooms/${room}/state`, bob, 403);
    await get(t, ward, `${V3}/rooms/{roomId}/event/{eventId}`, `${V3}/rooms/${room}/event/${e(before)}`, bob, 403);
    await get(t, ward, `${V3}/rooms/{roomId}/members`, `${V3}/rooms/${room}/members`, bob, 403);
    const messages = await get(t, ward, `${V3}/rooms/{roomId}/messages`, `${V3}/rooms/${room}/messages`, bob, 403, { dir: "b" });
    t.notOk(JSON.stringify(messages.body).includes("said while bob was here"), "/messages: no history");
    const context = await get(t, ward, `${V3}/rooms/{roomId}/context/{eventId}`, `${V3}/rooms/${room}/context/${e(before)}`, bob, 403);
    t.notOk(JSON.stringify(context.body).includes("said while bob was here"), "/context: no history");
  });

  await t.test("a kicked member reads up to the kick, not after", async (t) => {
    const room2 = (await post(ward, alice, `${V3}/createRoom`, { preset: "private_chat", invite: [carol.userId] })).body.room_id as string;
    await post(ward, carol, `${V3}/rooms/${e(room2)}/join`);
    await send(ward, alice, room2, "before the kick");
    await post(ward, alice, `${V3}/rooms/${e(room2)}/kick`, { user_id: carol.userId });
    await send(ward, alice, room2, "after the kick");
    const messages = await get(t, ward, `${V3}/rooms/{roomId}/messages`, `${V3}/rooms/${e(room2)}/messages`, carol, 200, { dir: "b" });
    t.same(bodies(messages.body.chunk), ["before the kick"]);
    const forward = await get(t, ward, `${V3}/rooms/{roomId}/messages`, `${V3}/rooms/${e(room2)}/messages`, carol, 200, { dir: "f" });
    t.same(bodies(forward.body.chunk), ["before the kick"], "dir=f too");
  });

  await t.test("bad input to the reading endpoints is a 400 with a spec error body", async (t) => {
    for (const [query, errcode] of [
      [{ since: "garbage", timeout: 0 }, "M_INVALID_PARAM"],
      [{ filter: "{not json", timeout: 0 }, "M_INVALID_PARAM"],
      [{ timeout: "soon" }, "M_INVALID_PARAM"],
    ] as const) {
      const res = await get(t, ward, `${V3}/sync`, `${V3}/sync`, alice, 400, query);
      t.equal(res.body.errcode, errcode, JSON.stringify(query));
    }
    for (const query of [{}, { dir: "x" }, { dir: "b", from: "garbage" }, { dir: "b", limit: -1 }]) {
      const res = await ward.request("GET", `${V3}/rooms/${room}/messages`, { token: alice.accessToken, query });
      t.equal(res.status, 400, `/messages ${JSON.stringify(query)} → 400`);
      t.same(validateError(res.body), [], "spec error body");
    }
  });
});
