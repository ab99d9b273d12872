/**
 * Ward's messenger API for channels and direct conversations, over HTTP:
 * POST /_ward/client/v1/direct (one-to-one reused, also under a race; groups
 * always new; bad input refused), m.direct delivered by /sync, the admin
 * setting for deleting messages in channels, direct conversations' rules
 * through the Matrix endpoints, account deactivation, and edits.
 */
import t from "tap";
import { DIRECT_REFUSALS, CHANNEL_REDACTION_OFF } from "../../../src/services/messenger/rules.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver, TEST_PASSWORD, type TestHomeserver, type TestUser } from "../../helpers/homeserver.js";
import { validateError } from "../../helpers/openapi.js";
import { createRoom, expectOk, send, sync } from "../client/sync-fixtures.js";

const DIRECT = "/_ward/client/v1/direct";
const REDACTION_SETTING = "/_ward/admin/v1/settings/channel_redaction";
const V3 = "/_matrix/client/v3";
const roomPath = (roomId: string, rest: string) => `${V3}/rooms/${encodeURIComponent(roomId)}${rest}`;

async function admin(hs: TestHomeserver): Promise<TestUser> {
  const userId = await hs.services.accounts.createUser({ localpart: "boss", password: TEST_PASSWORD, admin: true });
  const session = await hs.services.accounts.openSession({ userId });
  return { userId, accessToken: session.accessToken, deviceId: session.deviceId };
}

const open = (hs: TestHomeserver, user: TestUser, body: unknown) => hs.request("POST", DIRECT, { token: user.accessToken, body });
const roomCount = async (hs: TestHomeserver) => (await hs.context.db.query<{ n: number }>("SELECT count(*)::int AS n FROM rooms"))[0]!.n;

await forEachDatabase(t, "openDirect: one-to-one reused from either side, groups always new", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const [alice, bob, carol] = [await hs.registerUser("alice"), await hs.registerUser("bob"), await hs.registerUser("carol")];
  const first = await open(hs, alice, { user_ids: [bob.userId] });
  t.same([first.status, first.json.created], [200, true]);
  const roomId = first.json.room_id as string;
  t.strictSame((await open(hs, alice, { user_ids: [bob.userId], name: "ignored" })).json, { room_id: roomId, created: false });
  t.strictSame((await open(hs, bob, { user_ids: [alice.userId] })).json, { room_id: roomId, created: false }, "the same room from Bob's side");
  const name = await hs.request("GET", roomPath(roomId, "/state/m.room.name/"), { token: bob.accessToken });
  t.equal(name.status, 404, "a one-to-one has no name");

  const group = await open(hs, alice, { user_ids: [bob.userId, carol.userId], name: "Night shift" });
  const again = await open(hs, alice, { user_ids: [carol.userId, bob.userId], name: "Night shift" });
  t.same([group.json.created, again.json.created], [true, true]);
  t.not(group.json.room_id, again.json.room_id, "a group is always a new conversation");
  const groupName = await hs.request("GET", roomPath(group.json.room_id, "/state/m.room.name/"), { token: carol.accessToken });
  t.same(groupName.json, { name: "Night shift" }, "Carol joined at once and reads the name");

  // Everyone's clients list the conversations as messages.
  const bobSync = await sync(hs, bob);
  const mDirect = bobSync.account_data?.events?.find((e) => e.type === "m.direct")?.content;
  t.same(mDirect, { [alice.userId]: [roomId, group.json.room_id, again.json.room_id], [carol.userId]: [group.json.room_id, again.json.room_id] });
  t.ok(bobSync.rooms?.join?.[roomId], "Bob is joined: auto-join for staff of this server");
});

await forEachDatabase(t, "openDirect: two opens of the same pair at once make one room", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const [alice, bob] = [await hs.registerUser("alice"), await hs.registerUser("bob")];
  const answers = await Promise.all([open(hs, alice, { user_ids: [bob.userId] }), open(hs, bob, { user_ids: [alice.userId] }), open(hs, alice, { user_ids: [bob.userId] })]);
  t.same(answers.map((a) => a.status), [200, 200, 200]);
  t.equal(new Set(answers.map((a) => a.json.room_id)).size, 1, "one room ID for all");
  t.same(answers.map((a) => a.json.created).sort(), [false, false, true], "created once");
  t.equal(await roomCount(hs), 1, "and only one room exists");
});

await forEachDatabase(t, "openDirect: bad input is refused and creates nothing", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const [alice, bob] = [await hs.registerUser("alice"), await hs.registerUser("bob")];
  const gone = await hs.registerUser("gone");
  await hs.services.accountManagement.deactivateUser(gone.userId);
  const cases: Array<[string, unknown, number, string, string]> = [
    ["oneself", { user_ids: [alice.userId] }, 400, "M_INVALID_PARAM", "user_ids: list the other people only; you are in every conversation you open"],
    ["twice", { user_ids: [bob.userId, bob.userId] }, 400, "M_INVALID_PARAM", `user_ids: ${bob.userId} is listed twice`],
    ["malformed", { user_ids: ["bob"] }, 400, "M_INVALID_PARAM", ""],
    ["unknown", { user_ids: ["@nobody:localhost"] }, 404, "M_NOT_FOUND", "@nobody:localhost is not an active user of this server"],
    ["deactivated", { user_ids: [gone.userId] }, 404, "M_NOT_FOUND", `${gone.userId} is not an active user of this server`],
    ["nobody", { user_ids: [] }, 400, "M_BAD_JSON", ""],
  ];
  for (const [what, body, status, errcode, error] of cases) {
    const res = await open(hs, alice, body);
    t.same([res.status, res.json.errcode], [status, errcode], what);
    if (error) t.equal(res.json.error, error, what);
    t.same(validateError(res.json), [], what);
  }
  const anonymous = await hs.request("POST", DIRECT, { body: { user_ids: [bob.userId] } });
  t.same([anonymous.status, anonymous.json.errcode], [401, "M_MISSING_TOKEN"]);
  t.equal(await roomCount(hs), 0);
});

await forEachDatabase(t, "channel redaction: admins only; off by default; direct conversations never", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const [alice, bob] = [await hs.registerUser("alice"), await hs.registerUser("bob")];
  const boss = await admin(hs);
  for (const [method, body] of [["GET", undefined], ["PUT", { allowed: true }]] as const) {
    const res = await hs.request(method, REDACTION_SETTING, { token: alice.accessToken, body });
    t.same([res.status, res.json], [403, { errcode: "M_FORBIDDEN", error: "This endpoint is for server admins only" }], `${method} by a non-admin`);
  }
  t.strictSame((await hs.request("GET", REDACTION_SETTING, { token: boss.accessToken })).json, { allowed: false }, "off by default, and alice changed nothing");
  const bad = await hs.request("PUT", REDACTION_SETTING, { token: boss.accessToken, body: { allowed: "yes" } });
  t.same([bad.status, bad.json.errcode], [400, "M_BAD_JSON"]);

  const channel = await createRoom(hs, alice, { preset: "public_chat", name: "Lobby" });
  const message = await send(hs, alice, channel, "sent to the wrong room");
  const redact = (user: TestUser, roomId: string, eventId: string, txn: string) =>
    hs.request("PUT", roomPath(roomId, `/redact/${encodeURIComponent(eventId)}/${txn}`), { token: user.accessToken, body: {} });
  t.same((await redact(alice, channel, message, "r1")).json, { errcode: "M_FORBIDDEN", error: CHANNEL_REDACTION_OFF });
  const set = await hs.request("PUT", REDACTION_SETTING, { token: boss.accessToken, body: { allowed: true } });
  t.strictSame([set.status, set.json], [200, { allowed: true }]);
  t.strictSame((await hs.request("GET", REDACTION_SETTING, { token: boss.accessToken })).json, { allowed: true });
  t.equal((await redact(alice, channel, message, "r2")).status, 200, "allowed now");

  const dm = (await expectOk("open", await open(hs, alice, { user_ids: [bob.userId] }))).room_id as string;
  const said = await send(hs, bob, dm, "take bed 4");
  t.same((await redact(bob, dm, said, "r3")).json, { errcode: "M_FORBIDDEN", error: DIRECT_REFUSALS.redaction }, "never in a direct conversation");
});

await forEachDatabase(t, "a direct conversation through the Matrix API: fixed members; deactivation the one way out", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const [alice, bob, carol] = [await hs.registerUser("alice"), await hs.registerUser("bob"), await hs.registerUser("carol")];
  // Element opens a DM with createRoom is_direct: the same rules.
  const dm = await createRoom(hs, alice, { preset: "trusted_private_chat", is_direct: true, invite: [bob.userId] });
  const post = (user: TestUser, action: string, body: object = {}) => hs.request("POST", roomPath(dm, `/${action}`), { token: user.accessToken, body });
  const refusals: Array<[string, Promise<{ status: number; json: any }>, string]> = [
    ["invite", post(alice, "invite", { user_id: carol.userId }), DIRECT_REFUSALS.invite],
    ["kick", post(alice, "kick", { user_id: bob.userId }), DIRECT_REFUSALS.remove],
    ["ban", post(alice, "ban", { user_id: bob.userId }), DIRECT_REFUSALS.remove],
    ["leave", post(bob, "leave"), DIRECT_REFUSALS.leave],
    ["topic", hs.request("PUT", roomPath(dm, "/state/m.room.topic/"), { token: alice.accessToken, body: { topic: "x" } }), DIRECT_REFUSALS.topic],
    ["made public", hs.request("PUT", roomPath(dm, "/state/m.room.join_rules/"), { token: alice.accessToken, body: { join_rule: "public" } }),
      "A direct conversation's m.room.join_rules cannot be changed"],
    ["listed", hs.request("PUT", `${V3}/directory/list/room/${encodeURIComponent(dm)}`, { token: alice.accessToken, body: { visibility: "public" } }),
      "A direct conversation is never listed in the room directory"],
  ];
  for (const [what, request, error] of refusals) {
    const res = await request;
    t.same([res.status, res.json], [403, { errcode: "M_FORBIDDEN", error }], what);
  }
  const outsider = await post(carol, "join");
  t.same([outsider.status, outsider.json], [404, { errcode: "M_NOT_FOUND", error: "Room not found" }], "an outsider cannot tell it exists");
  t.equal((await hs.request("PUT", roomPath(dm, "/state/m.room.name/"), { token: bob.accessToken, body: { name: "Handover" } })).status, 200, "members may name it");

  // Deactivation leaves the account's rooms, direct conversations included.
  await hs.services.accountManagement.deactivateUser(bob.userId);
  const members = await hs.request("GET", roomPath(dm, "/members"), { token: alice.accessToken });
  const bobMember = members.json.chunk.find((e: { state_key: string }) => e.state_key === bob.userId);
  t.equal(bobMember.content.membership, "leave");
  t.same((await post(alice, "leave")).json, { errcode: "M_FORBIDDEN", error: DIRECT_REFUSALS.leave }, "alice still cannot leave");
});

await forEachDatabase(t, "edits are new events; the original stays as it was", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const [alice, bob] = [await hs.registerUser("alice"), await hs.registerUser("bob")];
  const dm = (await expectOk("open", await open(hs, alice, { user_ids: [bob.userId] }))).room_id as string;
  const original = await send(hs, alice, dm, "Bed 12");
  const edit = await send(hs, alice, dm, {
    msgtype: "m.text", body: "* Bed 14", "m.new_content": { msgtype: "m.text", body: "Bed 14" }, "m.relates_to": { rel_type: "m.replace", event_id: original },
  });
  t.not(edit, original);
  const read = await hs.request("GET", roomPath(dm, `/event/${encodeURIComponent(original)}`), { token: bob.accessToken });
  t.same(read.json.content, { msgtype: "m.text", body: "Bed 12" }, "the original is retrievable, unchanged");
  const page = await hs.request("GET", roomPath(dm, "/messages?dir=b&limit=2"), { token: bob.accessToken });
  t.same(page.json.chunk.map((e: { event_id: string }) => e.event_id), [edit, original], "both are in the history");
  t.equal(page.json.chunk[0].content["m.relates_to"].rel_type, "m.replace");
});
