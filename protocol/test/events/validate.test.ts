import t from "tap";
import { ROOM_VERSIONS } from "../../src/room-versions.js";
import { parsePdu, MAX_PDU_BYTES } from "../../src/events/validate.js";

const V10 = ROOM_VERSIONS["10"];
const V11 = ROOM_VERSIONS["11"];
const V12 = ROOM_VERSIONS["12"];
const EV = "$" + "A".repeat(43);
const HASH_ROOM = "!" + "g".repeat(43);

const good = {
  room_id: "!room:example.org",
  sender: "@alice:example.org",
  type: "m.room.message",
  content: { body: "hi" },
  prev_events: [EV],
  auth_events: [EV, EV],
  depth: 2,
  origin_server_ts: 1,
  hashes: { sha256: "abc" },
  signatures: { "example.org": { "ed25519:1": "sig" } },
};

const reason = (json: unknown, version = V11): string => {
  try {
    parsePdu(json, version);
    return "ok";
  } catch (e) {
    return `${(e as { reason?: string }).reason}: ${(e as Error).message}`;
  }
};

t.test("a well-formed PDU is returned as is", async (t) => {
  t.equal(parsePdu(good, V11), good);
  t.equal(reason({ ...good, unsigned: { age: 1 }, origin: "example.org", extra: [1] }), "ok", "unknown keys are allowed");
  t.equal(reason({ ...good, state_key: "" }), "ok");
  t.equal(reason({ ...good, depth: 0, origin_server_ts: -5 }), "ok");
  t.equal(reason({ ...good, type: "m.room.redaction", redacts: EV }, V10), "ok");
  t.equal(reason({ ...good, room_id: HASH_ROOM }, V12), "ok");
  t.equal(reason({ ...good, event_id: "$junk" }), "ok", "an attached event_id is not part of the PDU");
});

t.test("each field is checked", async (t) => {
  t.match(reason(null), /^bad_field: event:/);
  t.match(reason([good]), /^bad_field: event:/);
  t.match(reason({ ...good, type: 5 }), /^bad_field: type: must be a string/);
  t.match(reason({ ...good, type: "é".repeat(128) }), /^bad_field: type: must not exceed 255 bytes/, "limit is in UTF-8 bytes");
  t.equal(reason({ ...good, type: "t".repeat(255) }), "ok");
  t.match(reason({ ...good, state_key: null }), /^bad_field: state_key/);
  t.match(reason({ ...good, state_key: "s".repeat(256) }), /^bad_field: state_key/);
  t.match(reason({ ...good, sender: "alice" }), /^bad_field: sender/);
  t.match(reason({ ...good, room_id: undefined }), /^bad_field: room_id/);
  t.match(reason({ ...good, room_id: HASH_ROOM }, V11), /^bad_field: room_id: .* is not the room ID form room version 11 uses/);
  t.match(reason({ ...good }, V12), /^bad_field: room_id/, "v12 needs the hash form");
  t.match(reason({ ...good, content: [] }), /^bad_field: content/);
  t.match(reason({ ...good, content: undefined }), /^bad_field: content/);
  t.match(reason({ ...good, depth: -1 }), /^bad_field: depth/);
  t.match(reason({ ...good, depth: 2 ** 53 }), /^bad_field: depth/);
  t.match(reason({ ...good, depth: "2" }), /^bad_field: depth/);
  t.match(reason({ ...good, origin_server_ts: 1.5 }), /^bad_field: origin_server_ts/);
  t.match(reason({ ...good, prev_events: "x" }), /^bad_field: prev_events: must be an array/);
  t.match(reason({ ...good, prev_events: Array(21).fill(EV) }), /^bad_field: prev_events: must not list more than 20/);
  t.equal(reason({ ...good, prev_events: Array(20).fill(EV) }), "ok");
  t.match(reason({ ...good, auth_events: Array(11).fill(EV) }), /^bad_field: auth_events: must not list more than 10/);
  t.match(reason({ ...good, auth_events: [EV, "$x:server"] }), /^bad_field: auth_events\[1\]/, "v1-style IDs are not valid here");
  t.match(reason({ ...good, hashes: {} }), /^bad_field: hashes.sha256/);
  t.match(reason({ ...good, hashes: undefined }), /^bad_field: hashes.sha256/);
  t.match(reason({ ...good, signatures: undefined }), /^bad_field: signatures/);
  t.match(reason({ ...good, signatures: { "example.org": { k: 1 } } }), /^bad_field: signatures.example.org/);
  t.match(reason({ ...good, signatures: { "example.org": "s" } }), /^bad_field: signatures.example.org/);
  t.match(reason({ ...good, unsigned: [] }), /^bad_field: unsigned/);
  t.match(reason({ ...good, redacts: 1 }), /^bad_field: redacts/);
});

t.test("v12 create events have no room_id; others in v12 need one", async (t) => {
  const create = { ...good, type: "m.room.create", state_key: "", prev_events: [], auth_events: [] };
  const { room_id: _r, ...noRoom } = create;
  t.equal(reason(noRoom, V12), "ok");
  t.match(reason({ ...create, room_id: HASH_ROOM }, V12), /^unexpected_field: room_id/);
  t.match(reason(noRoom, V11), /^bad_field: room_id/, "before v12 a create event has a room_id");
  t.match(reason({ ...noRoom, type: "m.room.message" }, V12), /^bad_field: room_id/);
});

t.test("size and canonical form", async (t) => {
  const base = JSON.stringify({ ...good, content: { body: "" } }).length;
  const exact = { ...good, content: { body: "x".repeat(MAX_PDU_BYTES - base) } };
  t.equal(reason(exact), "ok", "exactly 65536 bytes is allowed");
  t.match(reason({ ...good, content: { body: "x".repeat(MAX_PDU_BYTES - base + 1) } }), /^too_large: event is 65537 bytes/);
  t.equal(reason({ ...exact, event_id: "$" + "A".repeat(43) }), "ok", "the event_id Ward attaches does not count");
  t.match(reason({ ...good, content: { n: 0.5 } }), /^not_canonical/);
  t.match(reason({ ...good, content: { n: 2 ** 60 } }), /^not_canonical/);
});
