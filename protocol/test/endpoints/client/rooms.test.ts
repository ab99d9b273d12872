import t from "tap";
import { EndpointValidationError } from "../../../src/endpoints/errors.js";
import { validateBody, validateQuery } from "../../../src/endpoints/validate.js";
import { ban, joinByIdOrAlias, kick, leave, unban, invite } from "../../../src/endpoints/client/membership.js";
import { context, messages, redact, send } from "../../../src/endpoints/client/messages.js";
import { createRoom, getStateEvent, members, putStateEvent } from "../../../src/endpoints/client/rooms.js";

t.test("createRoom accepts the spec's example and a full Ward channel request", async (t) => {
  // From create_room.yaml.
  const example = {
    preset: "public_chat",
    room_alias_name: "thepub",
    name: "The Grand Duke Pub",
    topic: "All about happy hour",
    creation_content: { "m.federate": false },
  };
  t.same(validateBody(createRoom, example), example);
  const full = {
    visibility: "private",
    invite: ["@bob:clinic.example"],
    room_version: "12",
    is_direct: true,
    initial_state: [{ type: "m.room.join_rules", state_key: "", content: { join_rule: "invite" } }, { type: "m.room.topic", content: { topic: "x" } }],
    power_level_content_override: { users_default: 0, events: { "m.room.name": 50 } },
  };
  t.same(validateBody(createRoom, full), full);
});

t.test("createRoom rejects wrong types with the field named", async (t) => {
  const err = t.throws(() => validateBody(createRoom, { visibility: "secret" })) as EndpointValidationError;
  t.equal(err.errcode, "M_BAD_JSON");
  t.equal(err.message, `field 'visibility' must be one of "public", "private"`);
  const state = t.throws(() => validateBody(createRoom, { initial_state: [{ type: 1, content: {} }] })) as EndpointValidationError;
  t.equal(state.field, "initial_state[0].type");
});

t.test("send and state bodies are any JSON object", async (t) => {
  t.same(validateBody(send, { msgtype: "m.text", body: "hello" }), { msgtype: "m.text", body: "hello" });
  const member = { membership: "join", avatar_url: "mxc://localhost/SEsfnsuifSDFSSEF", displayname: "Alice Margatroid" };
  t.same(validateBody(putStateEvent, member), member);
  t.same(validateBody(send, { nested: { a: [1, { b: null }] } }), { nested: { a: [1, { b: null }] } }, "nothing is dropped from content");
  const arr = t.throws(() => validateBody(send, ["hello"])) as EndpointValidationError;
  t.equal(arr.errcode, "M_BAD_JSON");
});

t.test("membership bodies take the spec's examples", async (t) => {
  t.same(validateBody(invite, { user_id: "@cheeky_monkey:matrix.org", reason: "Welcome to the team!" }), { user_id: "@cheeky_monkey:matrix.org", reason: "Welcome to the team!" });
  for (const e of [kick, ban, unban]) {
    t.same(validateBody(e, { reason: "Telling unfunny jokes", user_id: "@cheeky_monkey:matrix.org" }), { reason: "Telling unfunny jokes", user_id: "@cheeky_monkey:matrix.org" }, e.id);
    t.equal((t.throws(() => validateBody(e, { reason: "r" })) as EndpointValidationError).errcode, "M_MISSING_PARAM", e.id);
  }
  t.same(validateBody(leave, { reason: "Saying farewell - thanks for the support!" }), { reason: "Saying farewell - thanks for the support!" });
  t.same(validateBody(leave, undefined), {});
  t.same(validateBody(redact, { reason: "Indecent material" }), { reason: "Indecent material" });
  t.same(validateBody(joinByIdOrAlias, {}), {});
});

t.test("room query parameters", async (t) => {
  t.same(validateQuery(joinByIdOrAlias, new URLSearchParams("via=matrix.org&via=elsewhere.ca")), { via: ["matrix.org", "elsewhere.ca"] });
  t.same(validateQuery(members, { membership: "join", at: "t1" }), { membership: "join", at: "t1" });
  t.equal((t.throws(() => validateQuery(members, { not_membership: "gone" })) as EndpointValidationError).errcode, "M_INVALID_PARAM");
  t.same(validateQuery(getStateEvent, { format: "event" }), { format: "event" });
  t.same(validateQuery(messages, { dir: "b", limit: "10", filter: '{"lazy_load_members":true}' }), { dir: "b", limit: 10, filter: '{"lazy_load_members":true}' });
  t.same(validateQuery(context, { limit: "5" }), { limit: 5 });
  t.equal((t.throws(() => validateQuery(context, { limit: "5.5" })) as EndpointValidationError).message, "query parameter 'limit' must be an integer");
});
