import t from "tap";
import { ROOM_VERSIONS, type RoomVersion } from "../../src/room-versions.js";
import { sodiumReady } from "../../src/sodium.js";
import { signingKeyFromSeed } from "../../src/signing/keys.js";
import { buildEvent, type EventTemplate } from "../../src/events/build.js";
import { checkContentHash, computeEventId, computeRoomIdV12 } from "../../src/events/hashes.js";
import { verifyEventSignatures } from "../../src/events/sign-event.js";
import { toFederationPdu } from "../../src/events/wire.js";

await sodiumReady();

const KEY = signingKeyFromSeed(new Uint8Array(32).fill(5), "a_1");
const SIGNER = { serverName: "example.org", keyId: KEY.keyId, secretKey: KEY.secretKey };
const lookup = (server: string, keyId: string) => (server === "example.org" && keyId === KEY.keyId ? KEY.publicKey : undefined);
const EV = "$" + "A".repeat(43);
const EV2 = "$" + "B".repeat(42) + "A";
const HASH_ROOM = "!" + "C".repeat(42) + "A";

function template(version: RoomVersion, over: Partial<EventTemplate> = {}): EventTemplate {
  return {
    version,
    roomId: version.roomIdFromCreateEvent ? HASH_ROOM : "!room:example.org",
    sender: "@alice:example.org",
    type: "m.room.message",
    content: { body: "hi", msgtype: "m.text" },
    prevEvents: [EV],
    authEvents: [EV2],
    depth: 4,
    originServerTs: 1700000000000,
    ...over,
  };
}

t.test("a message event in each version", async (t) => {
  for (const version of Object.values(ROOM_VERSIONS)) {
    const ev = buildEvent(template(version), SIGNER);
    t.same(Object.keys(ev).sort(), ["auth_events", "content", "depth", "event_id", "hashes", "origin_server_ts", "prev_events", "room_id", "sender", "signatures", "type"], `v${version.id} keys`);
    t.equal(ev.room_id, version.roomIdFromCreateEvent ? HASH_ROOM : "!room:example.org");
    t.same(ev.prev_events, [EV]);
    t.same(ev.auth_events, [EV2]);
    t.equal(ev.depth, 4);
    t.equal(ev.origin_server_ts, 1700000000000, "timestamp is the caller's");
    t.equal(ev.event_id, computeEventId(ev, version));
    t.ok(checkContentHash(ev, version));
    t.ok(verifyEventSignatures(ev, version, lookup).ok);
    t.equal(ev.state_key, undefined);
  }
});

t.test("state events carry state_key, even empty", async (t) => {
  const ev = buildEvent(template(ROOM_VERSIONS["11"], { type: "m.room.name", stateKey: "", content: { name: "N" } }), SIGNER);
  t.equal(ev.state_key, "");
  t.ok(Object.prototype.hasOwnProperty.call(ev, "state_key"));
});

t.test("unsigned is carried but not covered", async (t) => {
  const a = buildEvent(template(ROOM_VERSIONS["12"], { unsigned: { transaction_id: "t1" } }), SIGNER);
  const b = buildEvent(template(ROOM_VERSIONS["12"]), SIGNER);
  t.same(a.unsigned, { transaction_id: "t1" });
  t.equal(a.event_id, b.event_id);
  t.equal(a.hashes.sha256, b.hashes.sha256);
});

t.test("v12 create event: no room_id; its ID gives the room ID", async (t) => {
  const v12 = ROOM_VERSIONS["12"];
  const create = buildEvent(
    template(v12, { roomId: undefined, type: "m.room.create", stateKey: "", content: { room_version: "12" }, prevEvents: [], authEvents: [], depth: 1 }),
    SIGNER,
  );
  t.notOk("room_id" in create);
  t.equal(computeRoomIdV12(toFederationPdu(create)), `!${create.event_id.slice(1)}`);
  t.throws(() => buildEvent(template(v12, { type: "m.room.create", stateKey: "", content: {} }), SIGNER), { name: "EventFormatError", reason: "unexpected_field" });
  const v11create = buildEvent(template(ROOM_VERSIONS["11"], { type: "m.room.create", stateKey: "", content: {}, prevEvents: [], authEvents: [], depth: 1 }), SIGNER);
  t.equal(v11create.room_id, "!room:example.org", "v11 create events keep their room_id");
  t.throws(() => buildEvent(template(ROOM_VERSIONS["11"], { roomId: undefined }), SIGNER), { reason: "bad_field", message: /room_id: required/ });
  t.throws(() => buildEvent(template(v12, { roomId: undefined }), SIGNER), { name: "EventFormatError", reason: "bad_field" }, "only the create event goes without");
});

t.test("room ID form must match the version", async (t) => {
  t.throws(() => buildEvent(template(ROOM_VERSIONS["12"], { roomId: "!room:example.org" }), SIGNER), { name: "EventFormatError", message: /room_id/ });
  t.throws(() => buildEvent(template(ROOM_VERSIONS["10"], { roomId: HASH_ROOM }), SIGNER), { name: "EventFormatError", message: /room_id/ });
});

t.test("redactions: redacts at the top level in v10, in content from v11", async (t) => {
  const v10 = buildEvent(template(ROOM_VERSIONS["10"], { type: "m.room.redaction", content: { reason: "spam" }, redacts: EV }), SIGNER);
  t.equal(v10.redacts, EV);
  t.same(v10.content, { reason: "spam" });
  for (const v of [ROOM_VERSIONS["11"], ROOM_VERSIONS["12"]]) {
    const ev = buildEvent(template(v, { type: "m.room.redaction", content: { reason: "spam" }, redacts: EV }), SIGNER);
    t.notOk("redacts" in ev, `v${v.id}: no top-level redacts`);
    t.same(ev.content, { reason: "spam", redacts: EV });
    const fromContent = buildEvent(template(v, { type: "m.room.redaction", content: { redacts: EV } }), SIGNER);
    t.same(fromContent.content, { redacts: EV }, "redacts may come in content already");
    t.throws(() => buildEvent(template(v, { type: "m.room.redaction", content: { redacts: EV2 }, redacts: EV }), SIGNER), { reason: "bad_field", message: /content.redacts/ });
    t.throws(() => buildEvent(template(v, { type: "m.room.redaction", content: {} }), SIGNER), { reason: "bad_field", message: /content.redacts/ });
  }
  t.throws(() => buildEvent(template(ROOM_VERSIONS["10"], { type: "m.room.redaction", content: {} }), SIGNER), { reason: "bad_field", message: /^redacts/ });
  t.throws(() => buildEvent(template(ROOM_VERSIONS["11"], { redacts: EV }), SIGNER), { name: "EventFormatError", reason: "unexpected_field" }, "only redactions redact");
});

t.test("format limits apply to built events", async (t) => {
  const v = ROOM_VERSIONS["11"];
  t.throws(() => buildEvent(template(v, { depth: -1 }), SIGNER), { reason: "bad_field", message: /depth/ });
  t.throws(() => buildEvent(template(v, { depth: 1.5 }), SIGNER), { name: "CanonicalJsonError" }, "floats never reach the format check");
  t.throws(() => buildEvent(template(v, { prevEvents: Array.from({ length: 21 }, () => EV) }), SIGNER), { reason: "bad_field", message: /prev_events/ });
  t.throws(() => buildEvent(template(v, { authEvents: Array.from({ length: 11 }, () => EV) }), SIGNER), { reason: "bad_field", message: /auth_events/ });
  t.throws(() => buildEvent(template(v, { prevEvents: ["$short"] }), SIGNER), { reason: "bad_field", message: /prev_events\[0\]/ });
  t.throws(() => buildEvent(template(v, { content: { body: "x".repeat(70000) } }), SIGNER), { name: "EventFormatError", reason: "too_large" });
  t.throws(() => buildEvent(template(v, { sender: "alice" }), SIGNER), { reason: "bad_field", message: /sender/ });
  t.throws(() => buildEvent(template(v, { type: "t".repeat(256) }), SIGNER), { reason: "bad_field", message: /type/ });
});
