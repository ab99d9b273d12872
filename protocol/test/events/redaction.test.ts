import t from "tap";
import { ROOM_VERSIONS } from "../../src/room-versions.js";
import { redactContent, redactionKeepsTopLevel, redactPdu } from "../../src/events/redaction.js";

const V10 = ROOM_VERSIONS["10"];
const V11 = ROOM_VERSIONS["11"];
const V12 = ROOM_VERSIONS["12"];

// Every top-level key either algorithm mentions, plus ones neither keeps.
const TOP = {
  event_id: "$e",
  type: "m.room.message",
  room_id: "!r:x",
  sender: "@s:x",
  state_key: "",
  content: {},
  hashes: { sha256: "h" },
  signatures: { x: { "ed25519:1": "s" } },
  depth: 3,
  prev_events: ["$p"],
  prev_state: [],
  auth_events: ["$a"],
  origin: "x",
  origin_server_ts: 10,
  membership: "join",
  unsigned: { age: 1 },
  redacts: "$r",
  extra: "gone",
};

t.test("top-level keys: v9 algorithm (room version 10)", async (t) => {
  const out = redactPdu(TOP, V10);
  t.same(Object.keys(out).sort(), [
    "auth_events", "content", "depth", "event_id", "hashes", "membership", "origin", "origin_server_ts",
    "prev_events", "prev_state", "room_id", "sender", "signatures", "state_key", "type",
  ]);
  for (const key of Object.keys(out)) t.equal((out as Record<string, unknown>)[key], key === "content" ? out.content : (TOP as Record<string, unknown>)[key], key);
  t.equal(redactionKeepsTopLevel("redacts", V10), false, "top-level redacts is not protected in v10");
});

t.test("top-level keys: v11 algorithm (room versions 11 and 12)", async (t) => {
  for (const v of [V11, V12]) {
    const out = redactPdu(TOP, v);
    t.same(Object.keys(out).sort(), [
      "auth_events", "content", "depth", "event_id", "hashes", "origin_server_ts",
      "prev_events", "room_id", "sender", "signatures", "state_key", "type",
    ], `room version ${v.id}`);
  }
  t.equal(redactionKeepsTopLevel("origin", V11), false);
  t.equal(redactionKeepsTopLevel("membership", V11), false);
  t.equal(redactionKeepsTopLevel("prev_state", V11), false);
  t.equal(redactionKeepsTopLevel("unsigned", V11), false);
});

t.test("the input is not mutated and content is a new object", async (t) => {
  const content = { body: "x" };
  const ev = { ...TOP, content };
  const out = redactPdu(ev, V11);
  t.same(ev.content, { body: "x" });
  t.equal(ev.extra, "gone");
  t.not(out.content, content);
});

type Case = { type: string; content: Record<string, unknown>; v10: Record<string, unknown>; v11: Record<string, unknown> };

const tpi = { display_name: "bob", signed: { mxid: "@b:x", token: "t", signatures: {} } };

const cases: Case[] = [
  {
    type: "m.room.member",
    content: { membership: "join", join_authorised_via_users_server: "@u:x", displayname: "D", avatar_url: "mxc://a", reason: "r", third_party_invite: tpi, is_direct: true },
    v10: { membership: "join", join_authorised_via_users_server: "@u:x" },
    v11: { membership: "join", join_authorised_via_users_server: "@u:x", third_party_invite: { signed: tpi.signed } },
  },
  {
    type: "m.room.create",
    content: { creator: "@c:x", room_version: "10", "m.federate": false, predecessor: { room_id: "!o:x" }, type: "m.space", additional_creators: ["@d:x"] },
    v10: { creator: "@c:x" },
    v11: { creator: "@c:x", room_version: "10", "m.federate": false, predecessor: { room_id: "!o:x" }, type: "m.space", additional_creators: ["@d:x"] },
  },
  {
    type: "m.room.join_rules",
    content: { join_rule: "restricted", allow: [{ type: "m.room_membership", room_id: "!a:x" }], other: 1 },
    v10: { join_rule: "restricted", allow: [{ type: "m.room_membership", room_id: "!a:x" }] },
    v11: { join_rule: "restricted", allow: [{ type: "m.room_membership", room_id: "!a:x" }] },
  },
  {
    type: "m.room.power_levels",
    content: {
      ban: 50, events: { "m.room.name": 50 }, events_default: 0, invite: 0, kick: 50, redact: 50, state_default: 50,
      users: { "@c:x": 100 }, users_default: 0, notifications: { room: 50 }, other: 1,
    },
    v10: { ban: 50, events: { "m.room.name": 50 }, events_default: 0, kick: 50, redact: 50, state_default: 50, users: { "@c:x": 100 }, users_default: 0 },
    v11: { ban: 50, events: { "m.room.name": 50 }, events_default: 0, invite: 0, kick: 50, redact: 50, state_default: 50, users: { "@c:x": 100 }, users_default: 0 },
  },
  {
    type: "m.room.history_visibility",
    content: { history_visibility: "shared", other: 1 },
    v10: { history_visibility: "shared" },
    v11: { history_visibility: "shared" },
  },
  {
    type: "m.room.redaction",
    content: { redacts: "$target", reason: "spam" },
    v10: {},
    v11: { redacts: "$target" },
  },
  { type: "m.room.aliases", content: { aliases: ["#a:x"] }, v10: {}, v11: {} },
  { type: "m.room.name", content: { name: "N" }, v10: {}, v11: {} },
  { type: "m.room.topic", content: { topic: "T" }, v10: {}, v11: {} },
  { type: "m.room.encryption", content: { algorithm: "m.megolm.v1.aes-sha2" }, v10: {}, v11: {} },
  { type: "m.room.third_party_invite", content: { display_name: "d", public_key: "k", key_validity_url: "u" }, v10: {}, v11: {} },
  { type: "m.room.message", content: { body: "b", msgtype: "m.text", "m.relates_to": { rel_type: "m.thread", event_id: "$t" } }, v10: {}, v11: {} },
];

t.test("content keys per event type and version", async (t) => {
  for (const c of cases) {
    t.same(redactPdu({ ...TOP, type: c.type, content: c.content }, V10).content, c.v10, `${c.type} v10`);
    t.same(redactPdu({ ...TOP, type: c.type, content: c.content }, V11).content, c.v11, `${c.type} v11`);
    t.same(redactPdu({ ...TOP, type: c.type, content: c.content }, V12).content, c.v11, `${c.type} v12`);
  }
});

t.test("missing listed keys are not invented", async (t) => {
  t.same(redactContent("m.room.power_levels", { ban: 1 }, V11), { ban: 1 });
  t.same(redactContent("m.room.member", {}, V11), {});
  t.same(redactContent("m.room.create", {}, V11), {});
  t.same(redactContent("m.room.redaction", {}, V11), {});
});

t.test("v11 third_party_invite keeps only `signed`", async (t) => {
  t.same(redactContent("m.room.member", { membership: "invite", third_party_invite: { display_name: "d" } }, V11), { membership: "invite", third_party_invite: {} }, "an object without signed stays as {}");
  t.same(redactContent("m.room.member", { membership: "invite", third_party_invite: { signed: null } }, V11), { membership: "invite", third_party_invite: { signed: null } });
  t.same(redactContent("m.room.member", { membership: "invite", third_party_invite: "x" }, V11), { membership: "invite" }, "a non-object is dropped");
  t.same(redactContent("m.room.member", { membership: "invite", third_party_invite: ["x"] }, V11), { membership: "invite" });
  t.same(redactContent("m.room.member", { third_party_invite: tpi }, V10), {}, "v10 drops it entirely");
});

t.test("odd shapes", async (t) => {
  t.same(redactContent("m.room.create", "not an object", V11), {});
  t.same(redactContent("m.room.create", ["x"], V11), {});
  t.same(redactContent(5, { creator: "x" }, V10), {});
  t.same(redactContent("constructor", { a: 1 }, V10), {}, "type names are not looked up on the prototype");
  t.same(redactContent("m.room.member", Object.assign(Object.create({ membership: "join" }) as object, {}), V10), {}, "inherited keys are not content");
  const noContent = redactPdu({ type: "m.room.member", sender: "@a:x" }, V10);
  t.same(noContent, { type: "m.room.member", sender: "@a:x", content: {} });
  t.same(redactPdu({ ...TOP, content: { b: 1 } }, V11), redactPdu(redactPdu({ ...TOP, content: { b: 1 } }, V11), V11), "redaction is idempotent");
});
