import t from "tap";
import { EndpointValidationError } from "../../../src/endpoints/errors.js";
import { validateBody, validateQuery } from "../../../src/endpoints/validate.js";
import { invite, makeJoin, sendJoin, sendLeave } from "../../../src/endpoints/federation/membership.js";

const joinPdu = {
  room_id: "!abc123:matrix.org",
  sender: "@someone:example.org",
  origin_server_ts: 1234567890,
  type: "m.room.member",
  state_key: "@someone:example.org",
  content: { membership: "join", join_authorised_via_users_server: "@anyone:resident.example.org" },
  auth_events: ["$a"],
  prev_events: ["$b"],
  depth: 12,
  hashes: { sha256: "thishashcoversallfieldsincasethisisredacted" },
  signatures: { "example.org": { "ed25519:key_version": "these86bytesofbase64signaturecoveressentialfieldsincludinghashessocancheckredactedpdus" } },
  unsigned: { age: 4612 },
};

t.test("send_join keeps every field of the PDU, origin optional", async (t) => {
  t.same(validateBody(sendJoin, joinPdu), joinPdu);
  t.same(validateBody(sendJoin, { ...joinPdu, origin: "example.org" }), { ...joinPdu, origin: "example.org" });
  t.same(validateQuery(sendJoin, { omit_members: "true" }), { omit_members: true });
});

t.test("membership PDUs without their required fields are refused", async (t) => {
  const { state_key: _sk, ...noStateKey } = joinPdu;
  const err = t.throws(() => validateBody(sendJoin, noStateKey)) as EndpointValidationError;
  t.equal(err.errcode, "M_MISSING_PARAM");
  t.equal(err.field, "state_key");
  const membership = t.throws(() => validateBody(sendJoin, { ...joinPdu, content: {} })) as EndpointValidationError;
  t.equal(membership.field, "content.membership");
  const { depth: _d, ...noDepth } = joinPdu;
  t.equal((t.throws(() => validateBody(sendLeave, { ...noDepth, content: { membership: "leave" } })) as EndpointValidationError).field, "depth");
  t.same(validateBody(sendLeave, { ...joinPdu, content: { membership: "leave" } }).depth, 12);
});

t.test("invite v2 and make_join", async (t) => {
  const body = { room_version: "12", event: { ...joinPdu, content: { membership: "invite" } }, invite_room_state: [{ type: "m.room.name", state_key: "", sender: "@bob:example.org", content: { name: "Example Room" } }] };
  t.same(validateBody(invite, body), body);
  t.equal((t.throws(() => validateBody(invite, { event: body.event })) as EndpointValidationError).field, "room_version");
  t.same(validateQuery(makeJoin, new URLSearchParams("ver=11&ver=12")), { ver: ["11", "12"] });
  t.same(validateQuery(makeJoin, {}), {});
});
