import t from "tap";
import { z } from "zod";
import { send } from "../../src/endpoints/client/messages.js";
import { upload } from "../../src/endpoints/media.js";
import { getStateEvent } from "../../src/endpoints/client/rooms.js";
import {
  binaryResponse,
  defineEndpoint,
  isEndpoint,
  jsonResponse,
  type BodyOf,
  type EndpointInit,
  type ParamsOf,
  type QueryOf,
  type ResponseOf,
} from "../../src/endpoints/define.js";
import { EndpointDefinitionError } from "../../src/endpoints/errors.js";

const base = {
  id: "test.thing",
  summary: "a test endpoint",
  method: "GET",
  path: "/_matrix/client/v3/things/{thingId}",
  auth: "required",
  rateLimited: false,
  response: jsonResponse<{ ok: boolean }>(),
} as const satisfies EndpointInit;

t.test("a definition keeps its metadata and gains derived fields", async (t) => {
  const e = defineEndpoint({ ...base, aliases: ["/_matrix/client/r0/things/{thingId}"] });
  t.equal(e.id, "test.thing");
  t.equal(e.method, "GET");
  t.equal(e.auth, "required");
  t.equal(e.rateLimited, false);
  t.same(e.paramNames, ["thingId"]);
  t.same(e.aliases, ["/_matrix/client/r0/things/{thingId}"]);
  t.equal(e.templates.length, 2);
  t.equal(e.binaryBody, false);
  t.equal(e.emptyLastParam, false);
  t.equal(e.response.kind, "json");
  t.ok(Object.isFrozen(e));
  t.ok(isEndpoint(e));
  t.notOk(isEndpoint({ ...e }), "a copy is not a definition");
  t.same(defineEndpoint(base).aliases, [], "aliases default to none");
});

t.test("real definitions carry what the homeserver needs", async (t) => {
  t.equal(send.method, "PUT");
  t.equal(send.path, "/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}");
  t.same(send.aliases, ["/_matrix/client/r0/rooms/{roomId}/send/{eventType}/{txnId}"]);
  t.equal(send.auth, "required");
  t.equal(send.rateLimited, true);
  t.equal(upload.binaryBody, true);
  t.equal(upload.body, undefined);
  t.equal(getStateEvent.emptyLastParam, true);
  t.equal(binaryResponse().kind, "binary");
});

t.test("inconsistent definitions are refused when defined", async (t) => {
  const cases: Array<[EndpointInit, RegExp]> = [
    [{ ...base, id: "Test" }, /id must be dotted/],
    [{ ...base, id: "test" }, /id must be dotted/],
    [{ ...base, aliases: ["/_matrix/client/r0/things/{id}"] }, /alias .* has parameters \[id\], expected \[thingId\]/],
    [{ ...base, body: z.object({}) }, /a GET request has no body/],
    [{ ...base, method: "PUT", binaryBody: true, body: z.object({}) }, /either JSON or binary/],
    [{ ...base, path: "/_matrix/client/v3/things/{thingId}/x", emptyLastParam: true }, /emptyLastParam needs a template ending in a parameter/],
    [{ ...base, path: "things" }, /must start with/],
  ];
  for (const [init, message] of cases) {
    const err = t.throws(() => defineEndpoint(init), message.source);
    t.type(err, EndpointDefinitionError);
    t.match((err as Error).message, message);
  }
});

t.test("request and response types follow the definition", async (t) => {
  const params: ParamsOf<typeof send> = { roomId: "!r:x", eventType: "m.room.message", txnId: "1" };
  // @ts-expect-error txnId is required
  const short: ParamsOf<typeof send> = { roomId: "!r:x", eventType: "m.room.message" };
  const body: BodyOf<typeof send> = { msgtype: "m.text", body: "hi" };
  const bytes: BodyOf<typeof upload> = new Uint8Array([1]);
  const query: QueryOf<typeof upload> = { filename: "a.png" };
  const response: ResponseOf<typeof send> = { event_id: "$e" };
  // @ts-expect-error event_id must be a string
  const wrong: ResponseOf<typeof send> = { event_id: 1 };
  const noQuery: QueryOf<typeof send> = {};
  t.ok(params && short && body && bytes && query && response && wrong && noQuery);
});
