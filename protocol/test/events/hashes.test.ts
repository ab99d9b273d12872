import t from "tap";
import { createHash } from "node:crypto";
import { ROOM_VERSIONS } from "../../src/room-versions.js";
import { sodiumReady } from "../../src/sodium.js";
import { signingKeyFromSeed } from "../../src/signing/keys.js";
import {
  checkContentHash,
  computeContentHash,
  computeEventId,
  computeRoomIdV12,
  contentHashBytes,
  referenceHash,
} from "../../src/events/hashes.js";
import { hashAndSignEvent } from "../../src/events/sign-event.js";
import { redactPdu } from "../../src/events/redaction.js";

await sodiumReady();

const V10 = ROOM_VERSIONS["10"];
const V11 = ROOM_VERSIONS["11"];
const V12 = ROOM_VERSIONS["12"];
const KEY = signingKeyFromSeed(new Uint8Array(32).fill(3), "k");

// A real room version 5 create event as it was served over federation by jki.re.
// Room version 5 redacts create events the way v9/v10 do, so its ID is computable with V10.
const JKI_CREATE = JSON.parse(
  '{"auth_events": [], "prev_events": [], "type": "m.room.create", "room_id": "!uXDCzlYgCTHtiWCkEx:jki.re", "sender": "@erikj:jki.re", "content": {"room_version": "5", "predecessor": {"room_id": "!gdRMqOrTFdOCYHNwOo:half-shot.uk", "event_id": "$LP7ROBc4b+cMc1UE9haIz8q5AK2AIW4eJ90FfKLvyZI"}, "creator": "@erikj:jki.re"}, "depth": 1, "prev_state": [], "state_key": "", "origin": "jki.re", "origin_server_ts": 1560284621137, "hashes": {"sha256": "IX6zuNiJpJPNf70BLleL3HSCpjKeq9Uhu7uUpyDjBmc"}, "signatures": {"jki.re": {"ed25519:auto": "O4IyFfF2PPtGp5uaDm8t57dZbdh8vc8Q64LgCwvzYRVItAMI0uisfiAFaxkVT7MRpzh6N2QNN5NMRXZKmgPYDA"}}, "unsigned": {"age": 1321650}}',
) as Record<string, unknown>;

t.test("a real federated event: content hash and event ID match what its server computed", async (t) => {
  t.equal(computeContentHash(JKI_CREATE, V10), "IX6zuNiJpJPNf70BLleL3HSCpjKeq9Uhu7uUpyDjBmc");
  t.ok(checkContentHash(JKI_CREATE, V10));
  t.equal(computeEventId(JKI_CREATE, V10), "$RrGxF28UrHLmoASHndYb9Jb_1SFww2ptmtur9INS438");
  t.not(computeEventId(JKI_CREATE, V11), "$RrGxF28UrHLmoASHndYb9Jb_1SFww2ptmtur9INS438", "v11 redaction keeps other keys, so the ID differs");
  t.equal(computeEventId({ ...JKI_CREATE, unsigned: { age: 1 }, signatures: {} }, V10), "$RrGxF28UrHLmoASHndYb9Jb_1SFww2ptmtur9INS438", "signatures and unsigned are not covered");
  t.equal(computeEventId({ ...JKI_CREATE, event_id: "$whatever" }, V10), "$RrGxF28UrHLmoASHndYb9Jb_1SFww2ptmtur9INS438", "an attached event_id is not covered");
});

const message = {
  room_id: "!room:example.org",
  sender: "@alice:example.org",
  type: "m.room.message",
  content: { body: "hello", msgtype: "m.text" },
  prev_events: ["$prev"],
  auth_events: ["$auth"],
  depth: 7,
  origin_server_ts: 1700000000000,
  hashes: { sha256: "placeholder" },
  signatures: { "example.org": { "ed25519:k": "sig" } },
  unsigned: { age: 5 },
};

t.test("content hash: canonical event without unsigned, signatures, hashes", async (t) => {
  const text =
    '{"auth_events":["$auth"],"content":{"body":"hello","msgtype":"m.text"},"depth":7,"origin_server_ts":1700000000000,"prev_events":["$prev"],"room_id":"!room:example.org","sender":"@alice:example.org","type":"m.room.message"}';
  const expected = createHash("sha256").update(text, "utf8").digest();
  t.same(Buffer.from(contentHashBytes(message, V11)), expected);
  t.equal(computeContentHash(message, V11), expected.toString("base64").replace(/=+$/, ""));
  t.equal(computeContentHash(message, V10), computeContentHash(message, V11), "same in every version");
  t.equal(computeContentHash({ ...message, hashes: {}, signatures: {}, unsigned: { x: 1 } }, V11), computeContentHash(message, V11));
  t.not(computeContentHash({ ...message, content: { body: "hellp", msgtype: "m.text" } }, V11), computeContentHash(message, V11));
  t.not(computeContentHash({ ...message, origin: "example.org" }, V11), computeContentHash(message, V11), "unknown keys are covered");
});

t.test("checkContentHash", async (t) => {
  const good = { ...message, hashes: { sha256: computeContentHash(message, V11) } };
  t.equal(checkContentHash(good, V11), true);
  t.equal(checkContentHash({ ...good, content: { body: "other" } }, V11), false);
  t.equal(checkContentHash({ ...good, hashes: {} }, V11), false);
  t.equal(checkContentHash({ ...good, hashes: { sha256: 5 } }, V11), false);
  t.equal(checkContentHash({ ...good, hashes: "x" }, V11), false);
  t.equal(checkContentHash({ ...good, hashes: { sha256: "!!" } }, V11), false);
  t.equal(checkContentHash({ ...good, hashes: { sha256: good.hashes.sha256.slice(0, 20) } }, V11), false);
  t.equal(checkContentHash({ ...good, hashes: { sha256: `${good.hashes.sha256}=` } }, V11), true, "padding accepted");
  const { hashes: _h, ...noHashes } = good;
  t.equal(checkContentHash(noHashes, V11), false);
});

t.test("reference hash: the redacted event without signatures and unsigned", async (t) => {
  const text =
    '{"auth_events":["$auth"],"content":{},"depth":7,"hashes":{"sha256":"placeholder"},"origin_server_ts":1700000000000,"prev_events":["$prev"],"room_id":"!room:example.org","sender":"@alice:example.org","type":"m.room.message"}';
  const expected = createHash("sha256").update(text, "utf8").digest();
  t.same(Buffer.from(referenceHash(message, V11)), expected);
  t.equal(computeEventId(message, V11), `$${expected.toString("base64url")}`);
  t.equal(computeEventId(message, V10), computeEventId(message, V11), "no key here that the two algorithms treat differently");
  t.equal(computeEventId(redactPdu(message, V11), V11), computeEventId(message, V11), "redaction keeps the event ID");
});

t.test("event IDs: what changes them and what does not", async (t) => {
  const signed = hashAndSignEvent(message, V11, "example.org", KEY.keyId, KEY.secretKey);
  const id = computeEventId(signed, V11);
  t.match(id, /^\$[A-Za-z0-9_-]{43}$/);
  t.not(computeEventId(hashAndSignEvent({ ...message, content: { body: "hellp", msgtype: "m.text" } }, V11, "example.org", KEY.keyId, KEY.secretKey), V11), id, "one changed content byte (re-hashed) changes the ID");
  t.equal(computeEventId({ ...signed, content: { body: "hellp" } }, V11), id, "content without a new hash is redacted away: same ID, but the content hash check fails");
  t.equal(checkContentHash({ ...signed, content: { body: "hellp" } }, V11), false);
  t.not(computeEventId({ ...signed, depth: 8 }, V11), id);
  t.not(computeEventId({ ...signed, prev_events: ["$other"] }, V11), id);
  t.not(computeEventId({ ...signed, origin_server_ts: 1700000000001 }, V11), id);
  t.equal(computeEventId({ ...signed, signatures: {} }, V11), id);
  t.equal(computeEventId({ ...signed, unsigned: { age: 99 } }, V11), id);
  t.equal(computeEventId({ ...signed, origin: "example.org" }, V11), id, "v11 does not cover top-level origin");
  t.not(computeEventId({ ...signed, origin: "example.org" }, V10), computeEventId(signed, V10), "v10 does");
});

t.test("v12 room ID: the create event's reference hash with '!'", async (t) => {
  const create = hashAndSignEvent(
    {
      sender: "@alice:example.org",
      type: "m.room.create",
      state_key: "",
      content: { room_version: "12" },
      prev_events: [],
      auth_events: [],
      depth: 1,
      origin_server_ts: 1700000000000,
    },
    V12,
    "example.org",
    KEY.keyId,
    KEY.secretKey,
  );
  const roomId = computeRoomIdV12(create);
  t.equal(roomId, `!${computeEventId(create, V12).slice(1)}`);
  t.match(roomId, /^![A-Za-z0-9_-]{43}$/);
  t.equal(computeRoomIdV12(create, V12), roomId);
  const other = hashAndSignEvent({ ...create, content: { room_version: "12", "m.federate": false } }, V12, "example.org", KEY.keyId, KEY.secretKey);
  t.not(computeRoomIdV12(other), roomId, "create content is fully covered in v12");
  t.not(computeRoomIdV12({ ...create, content: { room_version: "12", x: 1 } }), roomId, "even without re-hashing: v11 redaction keeps all create content");
  t.throws(() => computeRoomIdV12({ ...create, room_id: "!x:example.org" }), { name: "EventFormatError", reason: "unexpected_field" });
  t.throws(() => computeRoomIdV12({ ...create, type: "m.room.message" }), { name: "EventFormatError", reason: "bad_field" });
  t.throws(() => computeRoomIdV12(create, V11), { name: "EventFormatError", reason: "unexpected_field" });
});
