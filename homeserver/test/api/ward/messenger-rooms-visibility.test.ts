/**
 * Channels over HTTP. A private channel is invisible to non-members: every
 * room endpoint answers them exactly (status, errcode, error text) as it
 * answers a room ID that does not exist, and that is 404 M_NOT_FOUND "Room
 * not found" (knocking is not served; room account data answers "nothing
 * stored"). A public channel is no secret: a stranger gets 403 there. A public channel is listed, and
 * anyone joins, leaves and comes back; members of a private channel may
 * invite, and only an invite lets someone in.
 */
import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver, type TestHomeserver, type TestUser } from "../../helpers/homeserver.js";
import { createRoom, expectOk, send } from "../client/sync-fixtures.js";

const V3 = "/_matrix/client/v3";
const UNKNOWN_ROOM = `!${"A".repeat(43)}`;

type Probe = [method: string, path: (roomId: string, eventId: string) => string, body?: (roomId: string, eventId: string) => unknown];

const ROOM_NOT_FOUND = { errcode: "M_NOT_FOUND", error: "Room not found" };
/** The probes that do not answer "Room not found", and what they answer for both rooms. */
const OTHER_ANSWERS: Record<string, { status: number; errcode: string }> = {
  knock: { status: 404, errcode: "M_UNRECOGNIZED" }, // not served
  account_data: { status: 404, errcode: "M_NOT_FOUND" }, // nothing stored, whether the room exists or not
};
const otherAnswerOf = (path: string) => Object.entries(OTHER_ANSWERS).find(([word]) => path.includes(`/${word}/`))?.[1];

const r = (roomId: string) => encodeURIComponent(roomId);
const e = (eventId: string) => encodeURIComponent(eventId);

/** Every endpoint that names a room, as a stranger (carol) would call it. */
function probes(carol: string, alice: string): Probe[] {
  return [
    ["GET", (id) => `${V3}/rooms/${r(id)}/state`],
    ["GET", (id) => `${V3}/rooms/${r(id)}/state/m.room.name/`],
    ["PUT", (id) => `${V3}/rooms/${r(id)}/state/m.room.name/`, () => ({ name: "mine now" })],
    ["GET", (id) => `${V3}/rooms/${r(id)}/members`],
    ["GET", (id) => `${V3}/rooms/${r(id)}/joined_members`],
    ["GET", (id, ev) => `${V3}/rooms/${r(id)}/event/${e(ev)}`],
    ["GET", (id) => `${V3}/rooms/${r(id)}/messages?dir=b`],
    ["GET", (id, ev) => `${V3}/rooms/${r(id)}/context/${e(ev)}`],
    ["GET", (id) => `/_matrix/client/v1/rooms/${r(id)}/hierarchy`],
    ["GET", (id) => `${V3}/rooms/${r(id)}/aliases`],
    ["GET", (id) => `${V3}/directory/list/room/${r(id)}`],
    ["PUT", (id) => `${V3}/directory/list/room/${r(id)}`, () => ({ visibility: "public" })],
    ["PUT", () => `${V3}/directory/room/${encodeURIComponent("#mine:localhost")}`, (id) => ({ room_id: id })],
    ["POST", (id) => `${V3}/join/${r(id)}`, () => ({})],
    ["POST", (id) => `${V3}/rooms/${r(id)}/join`, () => ({})],
    ["POST", (id) => `/_matrix/client/v3/knock/${r(id)}`, () => ({})],
    ["POST", (id) => `${V3}/rooms/${r(id)}/invite`, () => ({ user_id: carol })],
    ["POST", (id) => `${V3}/rooms/${r(id)}/leave`, () => ({})],
    ["POST", (id) => `${V3}/rooms/${r(id)}/forget`, () => ({})],
    ["POST", (id) => `${V3}/rooms/${r(id)}/kick`, () => ({ user_id: alice })],
    ["POST", (id) => `${V3}/rooms/${r(id)}/ban`, () => ({ user_id: alice })],
    ["POST", (id) => `${V3}/rooms/${r(id)}/unban`, () => ({ user_id: alice })],
    ["PUT", (id) => `${V3}/rooms/${r(id)}/send/m.room.message/t1`, () => ({ msgtype: "m.text", body: "hello?" })],
    ["PUT", (id, ev) => `${V3}/rooms/${r(id)}/redact/${e(ev)}/t2`, () => ({})],
    ["POST", (id, ev) => `${V3}/rooms/${r(id)}/receipt/m.read/${e(ev)}`, () => ({})],
    ["POST", (id, ev) => `${V3}/rooms/${r(id)}/read_markers`, (_id, ev) => ({ "m.fully_read": ev })],
    ["PUT", (id) => `${V3}/rooms/${r(id)}/typing/${encodeURIComponent(carol)}`, () => ({ typing: true, timeout: 1000 })],
    ["GET", (id) => `${V3}/user/${encodeURIComponent(carol)}/rooms/${r(id)}/account_data/org.example.x`],
  ];
}

async function people(hs: TestHomeserver): Promise<Record<"alice" | "bob" | "carol", TestUser>> {
  return { alice: await hs.registerUser("alice"), bob: await hs.registerUser("bob"), carol: await hs.registerUser("carol") };
}

const noRateLimits = { config: { rateLimits: { enabled: false, perSecond: 10, burst: 50 } } };

await forEachDatabase(t, "a private channel answers a stranger exactly like a room that does not exist", async (t, db) => {
  const hs = await startTestHomeserver(t, db, noRateLimits);
  const { alice, bob, carol } = await people(hs);
  const board = await createRoom(hs, alice, { preset: "private_chat", name: "Board", topic: "Salaries", invite: [bob.userId], room_alias_name: "board" });
  await expectOk("join", await hs.request("POST", `${V3}/rooms/${r(board)}/join`, { token: bob.accessToken, body: {} }));
  const eventId = await send(hs, alice, board, "confidential");
  for (const [method, path, body] of probes(carol.userId, alice.userId)) {
    const opts = (roomId: string) => ({ token: carol.accessToken, body: body?.(roomId, eventId) });
    const real = await hs.request(method, path(board, eventId), opts(board));
    const none = await hs.request(method, path(UNKNOWN_ROOM, eventId), opts(UNKNOWN_ROOM));
    const name = `${method} ${decodeURIComponent(path("{roomId}", "{eventId}"))}`;
    t.same({ status: real.status, json: real.json }, { status: none.status, json: none.json }, `${name}: ${none.status} ${none.json?.errcode}`);
    const other = otherAnswerOf(path("{roomId}", "{eventId}"));
    if (other) t.same([real.status, real.json?.errcode], [other.status, other.errcode], `${name}: ${other.status} ${other.errcode}`);
    else t.same([real.status, real.json], [404, ROOM_NOT_FOUND], `${name}: 404 Room not found`);
  }
  // Aliases too: the private channel's alias resolves for nobody outside it.
  const byAlias = await hs.request("GET", `${V3}/directory/room/${encodeURIComponent("#board:localhost")}`, { token: carol.accessToken });
  const noAlias = await hs.request("GET", `${V3}/directory/room/${encodeURIComponent("#nothing:localhost")}`, { token: carol.accessToken });
  t.same([byAlias.status, byAlias.json.errcode, byAlias.json.error.replace("board", "nothing")], [noAlias.status, noAlias.json.errcode, noAlias.json.error]);
  const joinByAlias = await hs.request("POST", `${V3}/join/${encodeURIComponent("#board:localhost")}`, { token: carol.accessToken, body: {} });
  t.same([joinByAlias.status, joinByAlias.json], [404, { errcode: "M_NOT_FOUND", error: "Room alias #board:localhost not found" }]);
  const sync = await hs.request("GET", `${V3}/sync`, { token: carol.accessToken });
  t.notOk(sync.json.rooms?.join?.[board] ?? sync.json.rooms?.invite?.[board] ?? sync.json.rooms?.leave?.[board], "not in /sync");

  // The members see it all; any member may invite, and then the invitee sees it and joins.
  t.equal((await hs.request("GET", `${V3}/rooms/${r(board)}/state`, { token: bob.accessToken })).status, 200);
  t.same((await hs.request("GET", `${V3}/directory/room/${encodeURIComponent("#board:localhost")}`, { token: bob.accessToken })).json.room_id, board);
  t.same((await hs.request("GET", `${V3}/directory/list/room/${r(board)}`, { token: bob.accessToken })).json, { visibility: "private" });
  await expectOk("invite", await hs.request("POST", `${V3}/rooms/${r(board)}/invite`, { token: bob.accessToken, body: { user_id: carol.userId } }));
  t.same((await hs.request("GET", `${V3}/directory/room/${encodeURIComponent("#board:localhost")}`, { token: carol.accessToken })).json.room_id, board, "an invitee may know it");
  await expectOk("join", await hs.request("POST", `${V3}/join/${encodeURIComponent("#board:localhost")}`, { token: carol.accessToken, body: {} }));
  const history = await hs.request("GET", `${V3}/rooms/${r(board)}/state/m.room.topic/`, { token: carol.accessToken });
  t.same(history.json.topic, "Salaries", "the channel's topic stays for newcomers");
});

await forEachDatabase(t, "public channels: listed, joined, left and joined again; private ones and messages never listed", async (t, db) => {
  const hs = await startTestHomeserver(t, db, noRateLimits);
  const { alice, bob, carol } = await people(hs);
  const lobby = await createRoom(hs, alice, { visibility: "public", preset: "public_chat", name: "Lobby", topic: "Everyone" });
  await createRoom(hs, alice, { visibility: "public", preset: "private_chat", name: "Lobby board" }); // flagged, but invite-only
  await createRoom(hs, alice, { preset: "public_chat", name: "Lobby annex" }); // joinable, not published
  await expectOk("open", await hs.request("POST", "/_ward/client/v1/direct", { token: alice.accessToken, body: { user_ids: [bob.userId], name: "Lobby chat" } }));

  const list = await hs.request("GET", `${V3}/publicRooms`, { token: carol.accessToken });
  t.same(list.json.chunk.map((c: { room_id: string }) => c.room_id), [lobby], "only the public channel");
  t.equal(list.json.total_room_count_estimate, 1);
  const search = await hs.request("POST", `${V3}/publicRooms`, { token: carol.accessToken, body: { filter: { generic_search_term: "lobby" } } });
  t.same(search.json.chunk.map((c: { room_id: string }) => c.room_id), [lobby]);
  t.same((await hs.request("GET", `${V3}/directory/list/room/${r(lobby)}`, { token: carol.accessToken })).json, { visibility: "public" });

  const join = () => hs.request("POST", `${V3}/rooms/${r(lobby)}/join`, { token: carol.accessToken, body: {} });
  t.same((await join()).json, { room_id: lobby }, "no invite needed");
  await expectOk("leave", await hs.request("POST", `${V3}/rooms/${r(lobby)}/leave`, { token: carol.accessToken, body: {} }));
  t.same((await join()).json, { room_id: lobby }, "and back again");
  const members = await hs.request("GET", `${V3}/rooms/${r(lobby)}/joined_members`, { token: carol.accessToken });
  t.same(Object.keys(members.json.joined).sort(), [alice.userId, carol.userId].sort());
  // A stranger who never joined a public channel is told the auth rule's reason: it is no secret.
  const send = await hs.request("PUT", `${V3}/rooms/${r(lobby)}/send/m.room.message/t9`, { token: bob.accessToken, body: { msgtype: "m.text", body: "hi" } });
  t.same([send.status, send.json.errcode, send.json.error], [403, "M_FORBIDDEN", `${bob.userId} is not joined to the room`]);
});

await forEachDatabase(t, "a room the requester may know exists keeps its 403", async (t, db) => {
  const hs = await startTestHomeserver(t, db, noRateLimits);
  const { alice, bob, carol } = await people(hs);
  const lobby = await createRoom(hs, alice, { preset: "public_chat", name: "Lobby" });
  const board = await createRoom(hs, alice, { preset: "private_chat", name: "Board", invite: [bob.userId, carol.userId] });
  await expectOk("join", await hs.request("POST", `${V3}/rooms/${r(board)}/join`, { token: bob.accessToken, body: {} }));
  const eventId = await send(hs, alice, board, "said while bob was here");
  await expectOk("leave", await hs.request("POST", `${V3}/rooms/${r(board)}/leave`, { token: bob.accessToken, body: {} }));
  const notIn = [403, { errcode: "M_FORBIDDEN", error: "You are not in this room" }];
  const answer = async (user: TestUser, method: string, path: string, body?: unknown) => {
    const res = await hs.request(method, path, { token: user.accessToken, body });
    return [res.status, res.json];
  };

  // A public channel is no secret: a stranger is told they are not in it.
  t.same(await answer(carol, "GET", `${V3}/rooms/${r(lobby)}/messages?dir=b`), notIn, "a stranger reads a public channel");
  t.same(await answer(carol, "GET", `${V3}/rooms/${r(lobby)}/state`), notIn);
  t.same(await answer(carol, "PUT", `${V3}/rooms/${r(lobby)}/typing/${encodeURIComponent(carol.userId)}`, { typing: true }), notIn);
  t.same(await answer(carol, "POST", `${V3}/rooms/${r(lobby)}/leave`, {}), notIn);
  t.same(await answer(carol, "POST", `${V3}/rooms/${r(lobby)}/forget`, {}), notIn);
  t.same(await answer(carol, "PUT", `${V3}/directory/room/${encodeURIComponent("#lobby:localhost")}`, { room_id: lobby }), notIn);
  // An invitee knows the private channel, but reads nothing before joining.
  t.same(await answer(carol, "GET", `${V3}/rooms/${r(board)}/messages?dir=b`), notIn, "an invitee");
  t.same(await answer(carol, "POST", `${V3}/rooms/${r(board)}/receipt/m.read/${e(eventId)}`, {}), notIn);
  // A former member reads what history visibility allows, and the auth rules refuse their messages.
  t.equal((await hs.request("GET", `${V3}/rooms/${r(board)}/event/${e(eventId)}`, { token: bob.accessToken })).status, 200, "a former member");
  const sent = await hs.request("PUT", `${V3}/rooms/${r(board)}/send/m.room.message/t1`, { token: bob.accessToken, body: { msgtype: "m.text", body: "hi" } });
  t.same([sent.status, sent.json.errcode, sent.json.error], [403, "M_FORBIDDEN", `${bob.userId} is not joined to the room`]);
  // Forgetting it does not make it unknown: they still know it exists.
  await expectOk("forget", await hs.request("POST", `${V3}/rooms/${r(board)}/forget`, { token: bob.accessToken, body: {} }));
  t.same(await answer(bob, "GET", `${V3}/rooms/${r(board)}/state`), notIn, "a forgotten room");
});
