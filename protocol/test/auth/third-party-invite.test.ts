import t from "tap";
import { checkEventAuth } from "../../src/auth/check.js";
import { anySignatureMatches, thirdPartyInvitePublicKeys } from "../../src/auth/third-party-invite.js";
import { encodeUnpaddedBase64, encodeUrlSafeBase64 } from "../../src/base64.js";
import type { JsonObject } from "../../src/json.js";
import { canonicalJsonBytes } from "../../src/json.js";
import { sodiumReady } from "../../src/sodium.js";
import type { RoomFixture } from "./fixtures.js";
import { ALICE, ALLOW, BOB, CAROL, makeRoom, member, refusedWith, VERSIONS } from "./fixtures.js";

const lib = await sodiumReady();
const idServer = lib.crypto_sign_keypair();
const otherKey = lib.crypto_sign_keypair();
const TOKEN = "abc123";

/** The identity server's `signed` block, signed the way identity servers sign JSON. */
function signedBlock(mxid: string, token: string, privateKey: Uint8Array, extra: JsonObject = {}): JsonObject {
  const body: JsonObject = { mxid, token, ...extra };
  const signature = encodeUnpaddedBase64(lib.crypto_sign_detached(canonicalJsonBytes(body), privateKey));
  return { ...body, signatures: { "id.example": { "ed25519:0": signature } } };
}

function inviteRoom(id: "10" | "11" | "12", keyContent?: JsonObject): RoomFixture {
  const content = keyContent ?? { display_name: "b...@example.com", key_validity_url: "https://id.example/_matrix/identity/v2/pubkey/isvalid", public_key: encodeUnpaddedBase64(idServer.publicKey) };
  return makeRoom(ALICE, id, member(BOB, "invite"), member(BOB, "join"), member(CAROL, "invite"), member(CAROL, "join"),
    (room) => room.add({ type: "m.room.third_party_invite", sender: ALICE, state_key: TOKEN, content }));
}

function acceptance(room: RoomFixture, sender: string, target: string, thirdPartyInvite: JsonObject) {
  const event = room.build({ type: "m.room.member", sender, state_key: target, content: { membership: "invite", third_party_invite: thirdPartyInvite } });
  return checkEventAuth(event, room.state, room.version);
}

const TARGET = "@dave:d.example";
const goodInvite = (): JsonObject => ({ display_name: "b...@example.com", signed: signedBlock(TARGET, TOKEN, idServer.privateKey) });

t.test("third-party invite: a signature matching the public_key is allowed", async (t) => {
  for (const id of VERSIONS) {
    const room = inviteRoom(id);
    t.strictSame(acceptance(room, ALICE, TARGET, goodInvite()), ALLOW, `v${id}`);
  }
});

t.test("third-party invite: keys in public_keys, and URL-safe encodings, also count", async (t) => {
  const room = inviteRoom("12", {
    display_name: "x",
    key_validity_url: "https://id.example/v",
    public_key: encodeUnpaddedBase64(otherKey.publicKey),
    public_keys: [{ public_key: "not base64!" }, { public_key: encodeUrlSafeBase64(idServer.publicKey), key_validity_url: "https://id.example/v" }],
  });
  t.strictSame(acceptance(room, ALICE, TARGET, goodInvite()), ALLOW);
  t.equal(thirdPartyInvitePublicKeys(room.stateEvent("m.room.third_party_invite", TOKEN)!.content).length, 2, "malformed keys are skipped");
});

t.test("third-party invite rule 1: a banned target is refused", async (t) => {
  for (const id of VERSIONS) {
    const room = inviteRoom(id);
    room.setMembership(TARGET, "ban");
    t.match(acceptance(room, ALICE, TARGET, goodInvite()), refusedWith(/@dave:d.example is banned/), `v${id}`);
  }
});

t.test("third-party invite rules 2-3: signed must exist and carry mxid and token", async (t) => {
  for (const id of VERSIONS) {
    const room = inviteRoom(id);
    t.match(acceptance(room, ALICE, TARGET, { display_name: "x" }), refusedWith(/has no signed object/), `v${id} no signed`);
    t.match(acceptance(room, ALICE, TARGET, { display_name: "x", signed: "yes" }), refusedWith(/has no signed object/), `v${id} signed not an object`);
    const noToken = signedBlock(TARGET, TOKEN, idServer.privateKey);
    delete noToken["token"];
    t.match(acceptance(room, ALICE, TARGET, { display_name: "x", signed: noToken }), refusedWith(/needs string mxid and token/), `v${id} no token`);
    const noMxid = signedBlock(TARGET, TOKEN, idServer.privateKey);
    delete noMxid["mxid"];
    t.match(acceptance(room, ALICE, TARGET, { display_name: "x", signed: noMxid }), refusedWith(/needs string mxid and token/), `v${id} no mxid`);
  }
});

t.test("third-party invite rule 4: mxid must match the state_key", async (t) => {
  const room = inviteRoom("11");
  t.match(acceptance(room, ALICE, "@someoneelse:d.example", goodInvite()), refusedWith(/signed for @dave:d.example, not the state_key @someoneelse:d.example/));
});

t.test("third-party invite rule 5: the m.room.third_party_invite for the token must be in the state", async (t) => {
  const room = inviteRoom("12");
  const other = { display_name: "x", signed: signedBlock(TARGET, "othertoken", idServer.privateKey) };
  t.match(acceptance(room, ALICE, TARGET, other), refusedWith(/no m.room.third_party_invite with state_key "othertoken"/));
});

t.test("third-party invite rule 6: the sender must be whoever sent the m.room.third_party_invite", async (t) => {
  for (const id of VERSIONS) {
    const room = inviteRoom(id);
    t.match(acceptance(room, BOB, TARGET, goodInvite()), refusedWith(/@bob:b.example did not send the m.room.third_party_invite \(sent by @alice:a.example\)/), `v${id}`);
  }
});

t.test("third-party invite rules 7-8: no matching signature is refused", async (t) => {
  for (const id of VERSIONS) {
    const room = inviteRoom(id);
    const wrongKey = { display_name: "x", signed: signedBlock(TARGET, TOKEN, otherKey.privateKey) };
    t.match(acceptance(room, ALICE, TARGET, wrongKey), refusedWith(/no signature .* matches a public key/), `v${id} signed by another key`);
    const tampered = signedBlock(TARGET, TOKEN, idServer.privateKey);
    tampered["extra"] = "added after signing";
    t.match(acceptance(room, ALICE, TARGET, { display_name: "x", signed: tampered }), refusedWith(/no signature/), `v${id} tampered`);
    const unsignedBlock = signedBlock(TARGET, TOKEN, idServer.privateKey);
    delete unsignedBlock["signatures"];
    t.match(acceptance(room, ALICE, TARGET, { display_name: "x", signed: unsignedBlock }), refusedWith(/no signature/), `v${id} no signatures`);
    const junkSignature = { ...signedBlock(TARGET, TOKEN, idServer.privateKey), signatures: { "id.example": { "ed25519:0": "AAAA" } } };
    t.match(acceptance(room, ALICE, TARGET, { display_name: "x", signed: junkSignature }), refusedWith(/no signature/), `v${id} short signature`);
  }
});

t.test("third-party invite: unsigned is not covered, and any of several signatures may match", async (t) => {
  const room = inviteRoom("12");
  const good = signedBlock(TARGET, TOKEN, idServer.privateKey);
  const withUnsigned = { ...good, unsigned: { note: "not signed" } };
  t.strictSame(acceptance(room, ALICE, TARGET, { display_name: "x", signed: withUnsigned }), ALLOW);
  const bad = signedBlock(TARGET, TOKEN, otherKey.privateKey);
  const both = { ...good, signatures: { "evil.example": (bad["signatures"] as JsonObject)["id.example"]!, "id.example": (good["signatures"] as JsonObject)["id.example"]! } };
  t.strictSame(acceptance(room, ALICE, TARGET, { display_name: "x", signed: both }), ALLOW);
  t.equal(anySignatureMatches(good, []), false, "no keys, no match");
});

t.test("third-party invite: the inviter's own membership is not checked on this path (as the spec words it)", async (t) => {
  const room = inviteRoom("11");
  room.setMembership(ALICE, "leave");
  t.strictSame(acceptance(room, ALICE, TARGET, goodInvite()), ALLOW);
});
