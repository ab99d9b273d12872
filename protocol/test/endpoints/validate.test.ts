import t from "tap";
import { z } from "zod";
import { defineEndpoint, jsonResponse } from "../../src/endpoints/define.js";
import { EndpointValidationError } from "../../src/endpoints/errors.js";
import { queryBool, queryInt, queryList, queryString } from "../../src/endpoints/query.js";
import { jsonObject } from "../../src/endpoints/schemas.js";
import { fieldName, validateBody, validateQuery } from "../../src/endpoints/validate.js";
import { forget, invite } from "../../src/endpoints/client/membership.js";
import { messages } from "../../src/endpoints/client/messages.js";
import { createRoom, getEvent } from "../../src/endpoints/client/rooms.js";
import { upload } from "../../src/endpoints/media.js";

type Asserts = Pick<typeof t, "throws" | "type" | "equal">;

function expectError(t: Asserts, fn: () => unknown, errcode: string, message: string, field?: string) {
  const err = t.throws(fn, message) as EndpointValidationError;
  t.type(err, EndpointValidationError);
  t.equal(err.errcode, errcode, `errcode for: ${message}`);
  t.equal(err.message, message);
  t.equal(err.field, field);
  t.equal(err.status, 400);
}

t.test("fieldName", async (t) => {
  t.equal(fieldName(["initial_state", 0, "type"]), "initial_state[0].type");
  t.equal(fieldName([]), "");
  t.equal(fieldName(["m.fully_read"]), "m.fully_read");
});

t.test("validateBody returns typed data and drops unknown top-level fields", async (t) => {
  const body = validateBody(invite, { user_id: "@a:x", reason: "hi", "org.example.extra": 1 });
  t.same(body, { user_id: "@a:x", reason: "hi" });
  const room = validateBody(createRoom, { creation_content: { "m.federate": false, custom: { deep: [1] } } });
  t.same(room.creation_content, { "m.federate": false, custom: { deep: [1] } }, "open objects are kept whole");
});

t.test("a missing body is an empty object; endpoints without a body ignore it", async (t) => {
  t.same(validateBody(createRoom, undefined), {});
  t.equal(validateBody(forget, { anything: 1 }), undefined);
  t.equal(validateBody(getEvent, undefined), undefined);
  expectError(t, () => validateBody(invite, undefined), "M_MISSING_PARAM", "missing required field 'user_id'", "user_id");
});

t.test("wrong shapes are M_BAD_JSON and name the field", async (t) => {
  expectError(t, () => validateBody(invite, { user_id: 5 }), "M_BAD_JSON", "field 'user_id' must be a string, not an integer", "user_id");
  expectError(t, () => validateBody(invite, { user_id: "@a:x", reason: null }), "M_BAD_JSON", "field 'reason' must be a string, not null", "reason");
  expectError(t, () => validateBody(createRoom, { invite: "@a:x" }), "M_BAD_JSON", "field 'invite' must be an array, not a string", "invite");
  expectError(t, () => validateBody(createRoom, { invite: ["@a:x", 2] }), "M_BAD_JSON", "field 'invite[1]' must be a string, not an integer", "invite[1]");
  expectError(t, () => validateBody(createRoom, { preset: "open" }), "M_BAD_JSON", 'field \'preset\' must be one of "private_chat", "public_chat", "trusted_private_chat"', "preset");
  expectError(t, () => validateBody(createRoom, { initial_state: [{ type: "m.room.topic", content: [] }] }), "M_BAD_JSON", "field 'initial_state[0].content' must be a JSON object", "initial_state[0].content");
  expectError(t, () => validateBody(createRoom, { is_direct: "yes" }), "M_BAD_JSON", "field 'is_direct' must be a boolean, not a string", "is_direct");
});

t.test("missing nested fields are M_MISSING_PARAM", async (t) => {
  expectError(t, () => validateBody(createRoom, { initial_state: [{ type: "m.room.topic" }] }), "M_MISSING_PARAM", "missing required field 'initial_state[0].content'", "initial_state[0].content");
});

t.test("a body that is not an object is M_BAD_JSON", async (t) => {
  expectError(t, () => validateBody(invite, [1]), "M_BAD_JSON", "request body must be a JSON object, not an array");
  expectError(t, () => validateBody(invite, null), "M_BAD_JSON", "request body must be a JSON object, not null");
  expectError(t, () => validateBody(invite, "x"), "M_BAD_JSON", "request body must be a JSON object, not a string");
});

t.test("integers, ranges and fractions in bodies", async (t) => {
  const e = defineEndpoint({
    id: "test.numbers",
    summary: "",
    method: "POST",
    path: "/n",
    auth: "none",
    rateLimited: false,
    body: z.object({ n: z.int().min(0).max(10), tag: z.string().min(1).optional(), content: jsonObject.optional() }),
    response: jsonResponse<object>(),
  });
  t.same(validateBody(e, { n: 3 }), { n: 3 });
  expectError(t, () => validateBody(e, { n: 1.5 }), "M_BAD_JSON", "field 'n' must be an integer, not a fractional number", "n");
  expectError(t, () => validateBody(e, { n: -1 }), "M_BAD_JSON", "field 'n' must be at least 0", "n");
  expectError(t, () => validateBody(e, { n: 11 }), "M_BAD_JSON", "field 'n' must be at most 10", "n");
  expectError(t, () => validateBody(e, { n: 1, tag: "" }), "M_BAD_JSON", "field 'tag' must have at least 1 character", "tag");
  expectError(t, () => validateBody(e, { n: 1, content: "text" }), "M_BAD_JSON", "field 'content' must be a JSON object", "content");
});

t.test("binary bodies pass bytes through", async (t) => {
  const bytes = new Uint8Array([0xff, 0xd8]);
  t.equal(validateBody(upload, bytes), bytes);
  expectError(t, () => validateBody(upload, { a: 1 }), "M_BAD_JSON", "request body must be raw bytes");
});

t.test("validateQuery coerces strings to typed values", async (t) => {
  t.same(validateQuery(messages, { dir: "b", limit: "10", from: "s1" }), { dir: "b", limit: 10, from: "s1" });
  t.same(validateQuery(messages, new URLSearchParams("dir=f&limit=0&access_token=secret")), { dir: "f", limit: 0 }, "unknown parameters are dropped");
  t.same(validateQuery(getEvent, { anything: "1" }), {}, "an endpoint without query parameters accepts any");
});

t.test("bad query values are M_INVALID_PARAM, missing ones M_MISSING_PARAM", async (t) => {
  expectError(t, () => validateQuery(messages, { dir: "b", limit: "ten" }), "M_INVALID_PARAM", "query parameter 'limit' must be an integer", "limit");
  expectError(t, () => validateQuery(messages, { dir: "b", limit: "-1" }), "M_INVALID_PARAM", "query parameter 'limit' must be at least 0", "limit");
  expectError(t, () => validateQuery(messages, { dir: "up" }), "M_INVALID_PARAM", 'query parameter \'dir\' must be one of "b", "f"', "dir");
  expectError(t, () => validateQuery(messages, { limit: "5" }), "M_MISSING_PARAM", "missing required query parameter 'dir'", "dir");
  expectError(t, () => validateQuery(messages, { dir: ["b", "f"] }), "M_INVALID_PARAM", "query parameter 'dir' must be given only once", "dir");
  expectError(t, () => validateQuery(messages, new URLSearchParams("dir=b&limit=1&limit=2")), "M_INVALID_PARAM", "query parameter 'limit' must be given only once", "limit");
});

t.test("query booleans and lists", async (t) => {
  const e = defineEndpoint({
    id: "test.query",
    summary: "",
    method: "GET",
    path: "/q",
    auth: "none",
    rateLimited: false,
    query: z.object({ flag: queryBool().optional(), via: queryList().optional(), n: queryInt().optional(), s: queryString().optional() }),
    response: jsonResponse<object>(),
  });
  t.same(validateQuery(e, new URLSearchParams("flag=true&via=a&via=b")), { flag: true, via: ["a", "b"] });
  t.same(validateQuery(e, { via: "a" }), { via: ["a"] });
  expectError(t, () => validateQuery(e, { flag: "1" }), "M_INVALID_PARAM", 'query parameter \'flag\' must be one of "true", "false"', "flag");
});
