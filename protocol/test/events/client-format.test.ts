import t from "tap";
import { ROOM_VERSIONS } from "../../src/room-versions.js";
import type { RoomEvent } from "../../src/events/pdu.js";
import { redactPdu } from "../../src/events/redaction.js";
import { redactForClient, toClientEvent, type ClientEvent } from "../../src/events/client-format.js";

const V10 = ROOM_VERSIONS["10"];
const V11 = ROOM_VERSIONS["11"];
const V12 = ROOM_VERSIONS["12"];
const ID = "$" + "A".repeat(43);
const TARGET = "$" + "Q".repeat(43);

function pdu(over: Partial<RoomEvent> = {}): RoomEvent {
  return {
    event_id: ID,
    room_id: "!room:example.org",
    sender: "@alice:example.org",
    type: "m.room.message",
    content: { body: "hi" },
    prev_events: ["$p"],
    auth_events: ["$a"],
    depth: 9,
    origin_server_ts: 1000,
    origin: "example.org",
    hashes: { sha256: "h" },
    signatures: { "example.org": { "ed25519:1": "s" } },
    unsigned: { age_ts: 5, "io.evil": "from another server" },
    ...over,
  };
}

t.test("ClientEvent: exactly the client keys", async (t) => {
  const out = toClientEvent(pdu(), { now: 1500, version: V11, includeRoomId: true });
  t.same(out, {
    content: { body: "hi" },
    event_id: ID,
    origin_server_ts: 1000,
    room_id: "!room:example.org",
    sender: "@alice:example.org",
    type: "m.room.message",
    unsigned: { age: 500 },
  });
  t.same(Object.keys(out).sort(), ["content", "event_id", "origin_server_ts", "room_id", "sender", "type", "unsigned"], "no hashes, signatures, auth/prev events, depth, origin");
});

t.test("ClientEventWithoutRoomID drops room_id", async (t) => {
  const out = toClientEvent(pdu(), { now: 1500, version: V11, includeRoomId: false });
  t.notOk("room_id" in out);
});

t.test("state_key present exactly for state events", async (t) => {
  t.equal(toClientEvent(pdu({ type: "m.room.topic", state_key: "" }), { now: 0, version: V11, includeRoomId: false }).state_key, "");
  t.notOk("state_key" in toClientEvent(pdu(), { now: 0, version: V11, includeRoomId: false }));
});

t.test("unsigned: age plus what the caller supplies, never the PDU's own", async (t) => {
  const out = toClientEvent(pdu({ type: "m.room.topic", state_key: "" }), {
    now: 900,
    version: V11,
    includeRoomId: false,
    unsigned: { transaction_id: "t1", prev_content: { topic: "old" }, age: 1 },
  });
  t.same(out.unsigned, { transaction_id: "t1", prev_content: { topic: "old" }, age: -100 }, "age is now - origin_server_ts, even negative; it overrides a caller's age");
  t.same(toClientEvent(pdu(), { now: 900, ageTs: 850, version: V11, includeRoomId: false }).unsigned, { age: 50 }, "ageTs moves the starting point");
});

t.test("room_id: caller override, PDU, or derived for a v12 create event", async (t) => {
  t.equal(toClientEvent(pdu(), { now: 0, version: V11, includeRoomId: true, roomId: "!other:x" }).room_id, "!other:x");
  const { room_id: _r, ...noRoom } = pdu({ type: "m.room.create", state_key: "", content: { room_version: "12" } });
  const create = noRoom as RoomEvent;
  t.equal(toClientEvent(create, { now: 0, version: V12, includeRoomId: true }).room_id, `!${"A".repeat(43)}`);
  t.throws(() => toClientEvent(create, { now: 0, version: V11, includeRoomId: true }), { name: "EventFormatError" });
  t.throws(() => toClientEvent({ ...create, type: "m.room.message" }, { now: 0, version: V12, includeRoomId: true }), { name: "EventFormatError" });
  t.notOk("room_id" in toClientEvent(create, { now: 0, version: V12, includeRoomId: false }), "not needed without room IDs");
});

t.test("redaction events: redacts in both places, any version", async (t) => {
  const v10 = pdu({ type: "m.room.redaction", redacts: TARGET, content: { reason: "spam" } });
  const out10 = toClientEvent(v10, { now: 0, version: V10, includeRoomId: false });
  t.equal(out10.redacts, TARGET);
  t.same(out10.content, { reason: "spam", redacts: TARGET });
  t.same(v10.content, { reason: "spam" }, "the stored event is not touched");

  const v11 = pdu({ type: "m.room.redaction", content: { reason: "spam", redacts: TARGET } });
  const out11 = toClientEvent(v11, { now: 0, version: V11, includeRoomId: false });
  t.equal(out11.redacts, TARGET);
  t.same(out11.content, { reason: "spam", redacts: TARGET });

  const stray = pdu({ type: "m.room.redaction", redacts: "$top", content: { redacts: TARGET } });
  t.equal(toClientEvent(stray, { now: 0, version: V11, includeRoomId: false }).redacts, TARGET, "v11: content wins");
  t.equal(toClientEvent(stray, { now: 0, version: V10, includeRoomId: false }).redacts, "$top", "v10: top level wins");

  const redactedV10 = redactPdu(v10, V10);
  const r10 = toClientEvent(redactedV10, { now: 0, version: V10, includeRoomId: false });
  t.notOk("redacts" in r10, "a redacted v10 redaction has lost its target");
  t.same(r10.content, {});
  const r11 = toClientEvent(redactPdu(v11, V11), { now: 0, version: V11, includeRoomId: false });
  t.equal(r11.redacts, TARGET, "v11 keeps it through redaction");
  t.notOk("redacts" in toClientEvent(pdu({ redacts: TARGET }), { now: 0, version: V10, includeRoomId: false }), "only redaction events");
});

t.test("redacted events as clients see them", async (t) => {
  const because = { type: "m.room.redaction", event_id: "$r", sender: "@mod:x", content: { redacts: ID }, origin_server_ts: 2000, unsigned: { age: 1 } };
  const member = toClientEvent(
    pdu({ type: "m.room.member", state_key: "@alice:example.org", content: { membership: "join", displayname: "Alice", avatar_url: "mxc://x/y" } }),
    { now: 3000, version: V11, includeRoomId: true, unsigned: { transaction_id: "t", prev_content: { membership: "invite" } } },
  );
  const out: ClientEvent = redactForClient(member, V11, because);
  t.same(out, {
    content: { membership: "join" },
    event_id: ID,
    origin_server_ts: 1000,
    room_id: "!room:example.org",
    sender: "@alice:example.org",
    state_key: "@alice:example.org",
    type: "m.room.member",
    unsigned: { age: 2000, redacted_because: because },
  });
  const msg = redactForClient(toClientEvent(pdu(), { now: 1000, version: V10, includeRoomId: false }), V10, because);
  t.same(msg, { content: {}, event_id: ID, origin_server_ts: 1000, sender: "@alice:example.org", type: "m.room.message", unsigned: { age: 0, redacted_because: because } });
  t.notOk("room_id" in msg);

  const redaction11 = toClientEvent(pdu({ type: "m.room.redaction", content: { redacts: TARGET, reason: "r" } }), { now: 0, version: V11, includeRoomId: false });
  t.same(redactForClient(redaction11, V11, because), {
    content: { redacts: TARGET },
    event_id: ID,
    origin_server_ts: 1000,
    sender: "@alice:example.org",
    type: "m.room.redaction",
    redacts: TARGET,
    unsigned: { age: -1000, redacted_because: because },
  });
  const redaction10 = toClientEvent(pdu({ type: "m.room.redaction", redacts: TARGET, content: { reason: "r" } }), { now: 0, version: V10, includeRoomId: false });
  const r10 = redactForClient(redaction10, V10, because);
  t.notOk("redacts" in r10);
  t.same(r10.content, {});
  const create11 = toClientEvent(pdu({ type: "m.room.create", state_key: "", content: { room_version: "11", "m.federate": false } }), { now: 0, version: V11, includeRoomId: false });
  t.same(redactForClient(create11, V11, because).content, { room_version: "11", "m.federate": false });
  t.same(redactForClient({ ...create11, unsigned: undefined }, V11, because).unsigned, { redacted_because: because }, "no age to keep");
});
