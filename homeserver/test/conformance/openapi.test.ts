/**
 * The OpenAPI validator itself (test/helpers/openapi.ts): it must accept what
 * the spec allows and reject what it does not, or every conformance test built
 * on it proves nothing.
 */
import t from "tap";
import { allOperations, findOperation, responseSchema, validateError, validateResponse } from "../helpers/openapi.js";

t.test("loads every client-server operation", async (t) => {
  const ops = allOperations();
  t.ok(ops.length > 150, `${ops.length} operations`);
  t.ok(ops.some((op) => op.method === "PUT" && op.path === "/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}"));
  t.ok(ops.some((op) => op.method === "GET" && op.path === "/_matrix/client/versions"));
});

t.test("finds operations by template and by concrete path", async (t) => {
  t.equal(findOperation("GET", "/_matrix/client/versions")?.operationId, "getVersions");
  t.equal(findOperation("put", "/rooms/{room}/send/{type}/{txn}")?.operationId, "sendMessage", "template, short form, other parameter names");
  t.equal(findOperation("PUT", "/_matrix/client/v3/rooms/!a%3Ab/send/m.room.message/t1?x=1")?.operationId, "sendMessage", "concrete path with a query");
  t.equal(findOperation("GET", "/_matrix/client/r0/rooms/!a:b/state/m.room.name/")?.operationId, "getRoomStateWithKey", "r0 alias, empty state key");
  t.equal(findOperation("GET", "/_matrix/client/v3/rooms/!a:b/state")?.operationId, "getRoomState");
  t.equal(findOperation("POST", "/_matrix/client/v3/user/@a:b/filter")?.operationId, "defineFilter");
  t.equal(findOperation("GET", "/_matrix/client/v3/pushrules/")?.operationId, "getPushRules");
  t.equal(findOperation("POST", "/rooms/{roomId}/invite")?.operationId, "inviteUser", "the spec's trailing-space path, first of two operations");
  t.equal(findOperation("POST", "/_matrix/client/v3/rooms/!r:x/invite")?.operationId, "inviteUser");
  t.equal(findOperation("GET", "/_matrix/client/v3/no/such/thing"), undefined);
});

t.test("resolves refs into a self-contained schema", async (t) => {
  const schema = JSON.stringify(responseSchema("GET", "/_matrix/client/v3/sync", 200));
  t.notMatch(schema, /"\$ref"/, "no $ref left");
  t.match(schema, /"next_batch"/);
  t.match(schema, /"origin_server_ts"/, "event schemas from definitions/ and event-schemas/ are inlined");
  t.throws(() => validateResponse("GET", "/_matrix/client/versions", 418, {}), /does not document status 418/);
  t.throws(() => validateResponse("GET", "/_matrix/client/v3/bogus", 200, {}), /no operation/);
});

t.test("/versions: a good and a bad response", async (t) => {
  t.same(validateResponse("GET", "/_matrix/client/versions", 200, { versions: ["r0.6.1", "v1.1"], unstable_features: { "org.example": true } }), []);
  t.same(validateResponse("GET", "/_matrix/client/versions", 200, { versions: ["v1.1"] }), [], "unstable_features is optional");
  const missing = validateResponse("GET", "/_matrix/client/versions", 200, { unstable_features: {} });
  t.match(missing.join("\n"), /must have required property 'versions'/);
  const wrongTypes = validateResponse("GET", "/_matrix/client/versions", 200, { versions: "v1.1", unstable_features: { x: "yes" } });
  t.match(wrongTypes.join("\n"), /\/versions must be array/);
  t.match(wrongTypes.join("\n"), /\/unstable_features\/x must be boolean/);
});

t.test("/login: good and bad responses, GET and POST", async (t) => {
  t.same(validateResponse("GET", "/_matrix/client/v3/login", 200, { flows: [{ type: "m.login.password" }] }), []);
  t.not(validateResponse("GET", "/_matrix/client/v3/login", 200, { flows: [{ kind: "m.login.password" }] }).length, 0, "flow without type");
  t.same(validateResponse("POST", "/_matrix/client/v3/login", 200, { user_id: "@alice:example.org", access_token: "abc", device_id: "DEV", expires_in_ms: 1000 }), []);
  const bad = validateResponse("POST", "/_matrix/client/v3/login", 200, { user_id: "alice", access_token: 5 });
  t.match(bad.join("\n"), /\/user_id must match format "mx-user-id"/);
  t.match(bad.join("\n"), /\/access_token must be string/);
  t.match(bad.join("\n"), /required property 'device_id'/);
  t.same(validateResponse("POST", "/_matrix/client/v3/login", 403, { errcode: "M_FORBIDDEN", error: "Invalid password" }), []);
  t.not(validateResponse("POST", "/_matrix/client/v3/login", 403, { error: "no errcode" }).length, 0);
  t.same(validateResponse("POST", "/_matrix/client/r0/login", 429, { errcode: "M_LIMIT_EXCEEDED", error: "slow", retry_after_ms: 10 }), []);
});

t.test("error bodies and Matrix formats", async (t) => {
  t.same(validateError({ errcode: "M_UNRECOGNIZED", error: "Unrecognized request" }), []);
  t.not(validateError({ error: "x" }).length, 0);
  const event = (extra: Record<string, unknown>) => ({
    type: "m.room.message",
    content: { body: "hi", msgtype: "m.text" },
    event_id: "$abc",
    sender: "@bob:example.org",
    origin_server_ts: 1,
    room_id: "!room:example.org",
    ...extra,
  });
  t.same(validateResponse("GET", "/_matrix/client/v3/rooms/!r:x/event/$e", 200, event({})), []);
  t.match(validateResponse("GET", "/_matrix/client/v3/rooms/!r:x/event/$e", 200, event({ event_id: "abc" })).join("\n"), /mx-event-id/);
  t.same(validateResponse("GET", "/_matrix/client/v3/rooms/!r:x/event/$e", 200, event({ room_id: "!opaqueV12hash" })), [], "v12 room ids have no server part");
});
