import t from "tap";
import { defineEndpoint, jsonResponse, type AnyEndpoint } from "@ward/protocol";
import { route, type RouteDef } from "../../src/http/route.js";
import { RouteTable } from "../../src/http/route-table.js";

const ep = (id: string, method: "GET" | "PUT" | "POST" | "DELETE", path: string, extra: { aliases?: string[]; emptyLastParam?: boolean } = {}) =>
  defineEndpoint({ id, summary: id, method, path, auth: "none", rateLimited: false, response: jsonResponse<object>(), ...extra });

const routeOf = (e: AnyEndpoint): RouteDef => route(e, async () => ({}));

const byParam = ep("t.byParam", "GET", "/_matrix/client/v3/rooms/{roomId}/members");
const literal = ep("t.literal", "GET", "/_matrix/client/v3/rooms/joined/members");
const send = ep("t.send", "PUT", "/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}", { aliases: ["/_matrix/client/r0/rooms/{roomId}/send/{eventType}/{txnId}"] });
const state = ep("t.state", "GET", "/_matrix/client/v3/rooms/{roomId}/state/{eventType}/{stateKey}", { emptyLastParam: true });
const putState = ep("t.putState", "PUT", "/_matrix/client/v3/rooms/{roomId}/state/{eventType}/{stateKey}", { emptyLastParam: true });
const versions = ep("t.versions", "GET", "/_matrix/client/versions");
const media = ep("t.media", "GET", "/_matrix/media/v3/download/{serverName}/{mediaId}");
const table = new RouteTable([byParam, literal, send, state, putState, versions, media].map(routeOf));

t.test("finds routes and decodes each segment once", async (t) => {
  const m = table.match("PUT", "/_matrix/client/v3/rooms/%21room%3Aexample.org/send/m.room.message/tx%2F1");
  t.equal(m?.route.endpoint.id, "t.send");
  t.same(m?.params, { roomId: "!room:example.org", eventType: "m.room.message", txnId: "tx/1" });
  t.equal(table.match("PUT", "/_matrix/client/r0/rooms/!r:x/send/m.room.message/1")?.route.endpoint.id, "t.send", "r0 alias");
  t.equal(table.match("GET", "/_matrix/client/versions")?.route.endpoint.id, "t.versions");
  t.equal(table.match("HEAD", "/_matrix/client/versions")?.route.endpoint.id, "t.versions", "HEAD is served by GET");
  t.same(table.match("GET", "/_matrix/media/v3/download/x.org/abc")?.params, { serverName: "x.org", mediaId: "abc" });
});

t.test("a literal beats a parameter", async (t) => {
  t.equal(table.match("GET", "/_matrix/client/v3/rooms/joined/members")?.route.endpoint.id, "t.literal");
  t.equal(table.match("GET", "/_matrix/client/v3/rooms/!r:x/members")?.route.endpoint.id, "t.byParam");
});

t.test("empty last parameter, with or without the trailing slash", async (t) => {
  t.same(table.match("GET", "/_matrix/client/v3/rooms/!r:x/state/m.room.name/")?.params, { roomId: "!r:x", eventType: "m.room.name", stateKey: "" });
  t.same(table.match("GET", "/_matrix/client/v3/rooms/!r:x/state/m.room.name")?.params, { roomId: "!r:x", eventType: "m.room.name", stateKey: "" });
  t.same(table.match("GET", "/_matrix/client/v3/rooms/!r:x/state/m.room.member/%40a%3Ax")?.params.stateKey, "@a:x");
});

t.test("no match, wrong method, bad encoding", async (t) => {
  t.equal(table.match("GET", "/_matrix/client/v3/nothing"), undefined);
  t.equal(table.match("POST", "/_matrix/client/versions"), undefined);
  t.equal(table.match("GET", "/_matrix/client/versions/"), undefined);
  t.same(table.allowedMethods("/_matrix/client/versions"), ["GET"]);
  t.same(table.allowedMethods("/_matrix/client/v3/rooms/!r:x/state/m.room.name/k").sort(), ["GET", "PUT"]);
  t.same(table.allowedMethods("/_matrix/client/v3/nothing"), []);
  t.throws(() => table.match("PUT", "/_matrix/client/v3/rooms/%E0%A4%A/send/t/1"), { name: "EndpointValidationError", errcode: "M_INVALID_PARAM" });
  t.same(table.allowedMethods("/_matrix/client/v3/rooms/%E0%A4%A/send/t/1"), ["PUT"]);
});

t.test("two routes for one method and path is a start-up error", async (t) => {
  t.throws(() => new RouteTable([routeOf(versions), routeOf(ep("t.other", "GET", "/_matrix/client/versions"))]), { message: /two routes for GET \/_matrix\/client\/versions/ });
});
