import t from "tap";
import { logout } from "../../src/endpoints/client/login.js";
import { joinByIdOrAlias, joinedRooms } from "../../src/endpoints/client/membership.js";
import { messages, send } from "../../src/endpoints/client/messages.js";
import { sync } from "../../src/endpoints/client/sync.js";
import { createRoom } from "../../src/endpoints/client/rooms.js";
import { upload } from "../../src/endpoints/media.js";
import { EndpointPathError } from "../../src/endpoints/errors.js";
import { matchPath } from "../../src/endpoints/path.js";
import { ALL_ENDPOINTS } from "../../src/endpoints/registry.js";
import { buildRequest } from "../../src/endpoints/request.js";
import { validateQuery } from "../../src/endpoints/validate.js";

t.test("a send request: method, encoded path, JSON body", async (t) => {
  const req = buildRequest(send, { params: { roomId: "!r:ex.org", eventType: "m.room.message", txnId: "t 1" }, body: { msgtype: "m.text", body: "hi" } });
  t.equal(req.method, "PUT");
  t.equal(req.path, "/_matrix/client/v3/rooms/!r%3Aex.org/send/m.room.message/t%201");
  t.equal(req.query, "");
  t.equal(req.target, req.path);
  t.equal(req.bodyKind, "json");
  t.same(req.body, { msgtype: "m.text", body: "hi" });
});

t.test("query values are encoded in the form the server's query schema parses back", async (t) => {
  const req = buildRequest(sync, { query: { since: "s12_tab.3", timeout: 30000, full_state: false, filter: '{"room":{"timeline":{"limit":5}}}' } });
  t.equal(req.method, "GET");
  t.equal(req.bodyKind, "none");
  t.equal(req.body, undefined);
  t.equal(req.target, `/_matrix/client/v3/sync?${req.query}`);
  const parsed = validateQuery(sync, new URLSearchParams(req.query));
  t.same(parsed, { since: "s12_tab.3", timeout: 30000, full_state: false, filter: '{"room":{"timeline":{"limit":5}}}' });

  const page = buildRequest(messages, { params: { roomId: "!r:x" }, query: { dir: "b", limit: 20, from: undefined } });
  t.equal(page.query, "dir=b&limit=20", "undefined values are left out");
  t.same(validateQuery(messages, new URLSearchParams(page.query)), { dir: "b", limit: 20 });

  const join = buildRequest(joinByIdOrAlias, { params: { roomIdOrAlias: "#a:x" }, query: { via: ["x", "y"] }, body: {} });
  t.equal(join.query, "via=x&via=y");
});

t.test("optional parts may be left out; a JSON endpoint without a body sends {}", async (t) => {
  t.same(buildRequest(joinedRooms), { method: "GET", path: "/_matrix/client/v3/joined_rooms", query: "", target: "/_matrix/client/v3/joined_rooms", bodyKind: "none", body: undefined });
  t.equal(buildRequest(logout).bodyKind, "none");
  const created = buildRequest(createRoom, { body: {} });
  t.same(created.body, {});
  const joined = buildRequest(joinByIdOrAlias, { params: { roomIdOrAlias: "!r:x" }, body: {} });
  t.same(joined.body, {});
});

t.test("a binary endpoint passes its bytes through", async (t) => {
  const bytes = new Uint8Array([1, 2, 3]);
  const req = buildRequest(upload, { body: bytes, query: { filename: "scan.pdf" } });
  t.equal(req.bodyKind, "binary");
  t.equal(req.body, bytes);
  t.equal(req.query, "filename=scan.pdf");
});

t.test("a missing or empty path parameter is refused before anything is sent", async (t) => {
  t.throws(() => buildRequest(send, { params: { roomId: "", eventType: "m.room.message", txnId: "1" }, body: {} }), EndpointPathError);
  t.throws(() => buildRequest(send, { params: {} as never, body: {} }), EndpointPathError);
});

t.test("every endpoint's built path matches its own definition with the same parameters", async (t) => {
  for (const endpoint of ALL_ENDPOINTS) {
    const params = Object.fromEntries(endpoint.paramNames.map((name, i) => [name, `v${i}/:!$ x`]));
    const req = buildRequest(endpoint, { params } as never);
    t.equal(req.method, endpoint.method, endpoint.id);
    t.same(matchPath(endpoint, req.path), params, endpoint.id);
  }
});

t.test("the argument types follow the definition", async (t) => {
  // Compile-time checks: each line below must fail to type-check (tsc -b runs over the tests).
  // @ts-expect-error path parameters are required for a templated path
  t.throws(() => buildRequest(send, { body: {} }));
  // @ts-expect-error `dir` is a required query parameter of /messages
  t.equal(buildRequest(messages, { params: { roomId: "!r:x" } }).query, "");
  // @ts-expect-error logout takes no body
  buildRequest(logout, { body: { x: 1 } });
  // @ts-expect-error sync's timeout is a number, not a string
  buildRequest(sync, { query: { timeout: "30000" } });
  t.pass("type errors above are expected");
});
