import t from "tap";
import { canonicalJson } from "../../src/json.js";
import { ROOM_VERSIONS, type RoomVersion } from "../../src/room-versions.js";
import { sodiumReady } from "../../src/sodium.js";
import { decodeSeed, signingKeyFromSeed } from "../../src/signing/keys.js";
import { signJson } from "../../src/signing/json-signing.js";
import {
  checkEventHashes,
  checkReceivedPdu,
  hashAndSignEvent,
  requiredEventSigners,
  verifyEventSignatures,
  verifyEventSignedBy,
  type ServerKeyLookup,
} from "../../src/events/sign-event.js";
import { checkContentHash, computeContentHash } from "../../src/events/hashes.js";
import { redactPdu } from "../../src/events/redaction.js";

await sodiumReady();

const KEY = signingKeyFromSeed(decodeSeed("YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1"), "1");
const V10 = ROOM_VERSIONS["10"];
const V11 = ROOM_VERSIONS["11"];
// The spec's vectors use the room version 1 format, whose events carry their own `event_id`.
const V1_FORMAT: RoomVersion = { ...V10, eventIdInPdu: true };

const lookup: ServerKeyLookup = (server, keyId) => (server === "domain" && keyId === "ed25519:1" ? KEY.publicKey : undefined);

t.test("spec vector: minimal event", async (t) => {
  const input = {
    room_id: "!x:domain",
    sender: "@a:domain",
    origin: "domain",
    origin_server_ts: 1000000,
    signatures: {},
    hashes: {},
    type: "X",
    content: {},
    prev_events: [],
    auth_events: [],
    depth: 3,
    unsigned: { age_ts: 1000000 },
  };
  const expected = {
    auth_events: [],
    content: {},
    depth: 3,
    hashes: { sha256: "5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos" },
    origin: "domain",
    origin_server_ts: 1000000,
    prev_events: [],
    room_id: "!x:domain",
    sender: "@a:domain",
    signatures: {
      domain: { "ed25519:1": "KxwGjPSDEtvnFgU00fwFz+l6d2pJM6XBIaMEn81SXPTRl16AqLAYqfIReFGZlHi5KLjAWbOoMszkwsQma+lYAg" },
    },
    type: "X",
    unsigned: { age_ts: 1000000 },
  };
  const signed = hashAndSignEvent(input, V10, "domain", KEY.keyId, KEY.secretKey);
  t.equal(canonicalJson(signed), canonicalJson(expected));
  t.equal(canonicalJson(hashAndSignEvent(input, V1_FORMAT, "domain", KEY.keyId, KEY.secretKey)), canonicalJson(expected), "no event_id: same in both formats");
  t.same(verifyEventSignatures(expected, V10, lookup), { ok: true, verified: [{ server: "domain", keyIds: ["ed25519:1"] }] });
  t.ok(checkContentHash(expected, V10));

  const v11 = hashAndSignEvent(input, V11, "domain", KEY.keyId, KEY.secretKey);
  t.equal(v11.hashes.sha256, expected.hashes.sha256, "the content hash does not depend on the redaction algorithm");
  t.not(v11.signatures.domain!["ed25519:1"], expected.signatures.domain["ed25519:1"], "v11 redaction drops `origin`, so the signed bytes differ");
});

t.test("spec vector: event with redactable content", async (t) => {
  const input = {
    content: { body: "Here is the message content" },
    event_id: "$0:domain",
    origin: "domain",
    origin_server_ts: 1000000,
    type: "m.room.message",
    room_id: "!r:domain",
    sender: "@u:domain",
    signatures: {},
    unsigned: { age_ts: 1000000 },
  };
  const expected = {
    content: { body: "Here is the message content" },
    event_id: "$0:domain",
    hashes: { sha256: "onLKD1bGljeBWQhWZ1kaP9SorVmRQNdN5aM2JYU2n/g" },
    origin: "domain",
    origin_server_ts: 1000000,
    type: "m.room.message",
    room_id: "!r:domain",
    sender: "@u:domain",
    signatures: {
      domain: { "ed25519:1": "Wm+VzmOUOz08Ds+0NTWb1d4CZrVsJSikkeRxh6aCcUwu6pNC78FunoD7KNWzqFn241eYHYMGCA5McEiVPdhzBA" },
    },
    unsigned: { age_ts: 1000000 },
  };
  t.equal(canonicalJson(hashAndSignEvent(input, V1_FORMAT, "domain", KEY.keyId, KEY.secretKey)), canonicalJson(expected));
  t.ok(checkContentHash(expected, V1_FORMAT));
  t.ok(verifyEventSignedBy(expected, V1_FORMAT, "domain", lookup).ok);

  // In Ward's room versions a top-level event_id is Ward's annotation, not part of the PDU.
  const modern = hashAndSignEvent(input, V10, "domain", KEY.keyId, KEY.secretKey);
  const { event_id: _id, ...withoutId } = input;
  t.equal(canonicalJson(modern), canonicalJson({ ...hashAndSignEvent(withoutId, V10, "domain", KEY.keyId, KEY.secretKey), event_id: "$0:domain" }));
  t.not(modern.hashes.sha256, expected.hashes.sha256);
  t.ok(checkContentHash({ ...modern, event_id: "$anything" }, V10), "a RoomEvent's event_id does not disturb the hash check");
  t.ok(verifyEventSignedBy({ ...modern, event_id: "$anything" }, V10, "domain", lookup).ok, "nor the signature check");
});

t.test("signatures survive redaction; hashes do not", async (t) => {
  const signed = hashAndSignEvent(
    { room_id: "!r:domain", sender: "@u:domain", type: "m.room.message", content: { body: "secret" }, prev_events: [], auth_events: [], depth: 2, origin_server_ts: 5 },
    V11,
    "domain",
    KEY.keyId,
    KEY.secretKey,
  );
  const redacted = redactPdu(signed, V11);
  t.same(redacted.content, {});
  t.ok(verifyEventSignatures(redacted, V11, lookup).ok, "the signature covers only what redaction keeps");
  t.same(checkEventHashes(signed, V11), { ok: true });
  t.same(checkEventHashes(redacted, V11), { ok: false, reason: "content_hash_mismatch", redacted });
  const tampered = { ...signed, content: { body: "changed" } };
  t.same(checkReceivedPdu(tampered, V11, lookup), { action: "redact", pdu: redactPdu(tampered, V11), reason: "content_hash_mismatch" });
  t.same(checkReceivedPdu(signed, V11, lookup), { action: "accept", pdu: signed });
  const forged = { ...signed, sender: "@mallory:domain" };
  t.match(checkReceivedPdu(forged, V11, lookup), { action: "drop", reason: "invalid_signature" }, "changing a protected key breaks the signature");
  t.match(checkReceivedPdu({ ...signed, hashes: { sha256: "x" } }, V11, lookup), { action: "drop", reason: "invalid_signature" }, "hashes are signed");
  t.same(checkReceivedPdu({ ...signed, unsigned: { age: 3 } }, V11, lookup), { action: "accept", pdu: { ...signed, unsigned: { age: 3 } } });
});

t.test("verdicts for missing, unknown and malformed signatures", async (t) => {
  const base = { room_id: "!r:domain", sender: "@u:domain", type: "m.room.message", content: {}, prev_events: [], auth_events: [], depth: 2, origin_server_ts: 5 };
  const signed = hashAndSignEvent(base, V10, "domain", KEY.keyId, KEY.secretKey);
  t.match(verifyEventSignatures({ ...signed, signatures: {} }, V10, lookup), { ok: false, server: "domain", reason: "not_signed" });
  t.match(verifyEventSignatures(signed, V10, () => undefined), { ok: false, reason: "unknown_key" });
  t.match(verifyEventSignatures({ ...signed, sender: "nobody" }, V10, lookup), { ok: false, server: undefined, reason: "invalid_sender" });
  t.match(checkReceivedPdu({ ...signed, sender: "@u:other" }, V10, lookup), { action: "drop", reason: "not_signed", message: /other/ }, "the sender's server must sign");
  const seen: Array<[string, string, number]> = [];
  verifyEventSignatures(signed, V10, (s, k, at) => {
    seen.push([s, k, at]);
    return KEY.publicKey;
  });
  t.same(seen, [["domain", "ed25519:1", 5]], "lookup gets the event's origin_server_ts to judge key validity");
});

t.test("signers: sender's server, or the origin for third-party invites", async (t) => {
  const member = { type: "m.room.member", sender: "@a:one", state_key: "@b:two", content: { membership: "invite", third_party_invite: { signed: {} } } };
  t.same(requiredEventSigners(member), ["one"]);
  t.same(requiredEventSigners(member, "three"), ["three"]);
  t.same(requiredEventSigners({ ...member, content: { membership: "invite" } }, "three"), ["one"], "plain invites: always the sender's server");
  t.same(requiredEventSigners({ ...member, content: { membership: "join", third_party_invite: {} } }, "three"), ["one"]);
  t.same(requiredEventSigners({ ...member, type: "m.room.message" }, "three"), ["one"]);
  t.throws(() => requiredEventSigners({ sender: "no-sigil" }), { name: "InvalidIdentifierError" });
});

t.test("signers: join_authorised_via_users_server adds that user's server", async (t) => {
  const join = { type: "m.room.member", sender: "@a:one", state_key: "@a:one", content: { membership: "join", join_authorised_via_users_server: "@admin:two" } };
  t.same(requiredEventSigners(join), ["one", "two"]);
  t.same(requiredEventSigners({ ...join, content: { ...join.content, join_authorised_via_users_server: "@admin:one" } }), ["one"], "no duplicates");
  t.same(requiredEventSigners({ ...join, content: { ...join.content, membership: "leave" } }), ["one", "two"], "the auth rule applies to any membership");
  t.same(requiredEventSigners({ ...join, content: { ...join.content, join_authorised_via_users_server: "not-a-user" } }), ["one"], "an invalid value is for the auth rules to refuse");
  t.same(requiredEventSigners({ ...join, type: "m.room.message" }), ["one"], "only member events");

  const other = signingKeyFromSeed(new Uint8Array(32).fill(8), "t");
  const keys: ServerKeyLookup = (server, keyId) =>
    server === "domain" && keyId === KEY.keyId ? KEY.publicKey : server === "two" && keyId === other.keyId ? other.publicKey : undefined;
  const base = {
    room_id: "!r:domain", sender: "@a:domain", type: "m.room.member", state_key: "@a:domain",
    content: { membership: "join", join_authorised_via_users_server: "@admin:two" },
    prev_events: [], auth_events: [], depth: 2, origin_server_ts: 5,
  };
  const bySender = hashAndSignEvent(base, V11, "domain", KEY.keyId, KEY.secretKey);
  t.match(verifyEventSignatures(bySender, V11, keys), { ok: false, server: "two", reason: "not_signed" });
  const byBoth = hashAndSignEvent(bySender, V11, "two", other.keyId, other.secretKey);
  t.same(verifyEventSignatures(byBoth, V11, keys), { ok: true, verified: [{ server: "domain", keyIds: ["ed25519:1"] }, { server: "two", keyIds: ["ed25519:t"] }] });
});

t.test("hashAndSignEvent keeps other signatures and replaces old hashes", async (t) => {
  const base = { room_id: "!r:domain", sender: "@u:domain", type: "X", content: {}, prev_events: [], auth_events: [], depth: 1, origin_server_ts: 1 };
  const other = signingKeyFromSeed(new Uint8Array(32).fill(9), "o");
  const first = hashAndSignEvent({ ...base, hashes: { sha256: "stale", sha512: "x" } }, V11, "other.org", other.keyId, other.secretKey);
  t.same(Object.keys(first.hashes), ["sha256"]);
  t.equal(first.hashes.sha256, computeContentHash(base, V11));
  const second = hashAndSignEvent(first, V11, "domain", KEY.keyId, KEY.secretKey);
  t.same(Object.keys(second.signatures).sort(), ["domain", "other.org"]);
  t.equal(second.signatures["other.org"]!["ed25519:o"], first.signatures["other.org"]!["ed25519:o"]);
  t.ok(verifyEventSignedBy(second, V11, "other.org", () => other.publicKey).ok);
  t.ok(verifyEventSignedBy(second, V11, "domain", lookup).ok);
  // A signature made by signJson on the redacted event is what hashAndSignEvent attaches.
  const manual = signJson(redactPdu(first, V11), "domain", KEY.keyId, KEY.secretKey);
  t.equal(second.signatures.domain!["ed25519:1"], manual.signatures.domain!["ed25519:1"]);
});
