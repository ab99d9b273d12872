import t from "tap";
import { getStateEvent, putStateEvent } from "../../src/endpoints/client/rooms.js";
import { send } from "../../src/endpoints/client/messages.js";
import { getGlobalPushRules, getPushRules } from "../../src/endpoints/client/push-rules.js";
import { joinByIdOrAlias } from "../../src/endpoints/client/membership.js";
import { versions } from "../../src/endpoints/client/discovery.js";
import { downloadWithName } from "../../src/endpoints/media.js";
import { defineEndpoint, jsonResponse } from "../../src/endpoints/define.js";
import { EndpointPathError, EndpointValidationError } from "../../src/endpoints/errors.js";
import { buildPath, matchPath, routerPaths, toRouterPath } from "../../src/endpoints/path.js";

const AWKWARD = ["!room:ex.org", "$ev/ent", "#alias:x", "with space", "100%", "50%25", "ünïcødé", "😀", "?q=1#frag", "a+b", "a;b,c", "\\back"];

t.test("buildPath percent-encodes each parameter as one segment", async (t) => {
  t.equal(
    buildPath(send, { roomId: "!room:ex.org", eventType: "m.room.message", txnId: "t/1 2" }),
    "/_matrix/client/v3/rooms/!room%3Aex.org/send/m.room.message/t%2F1%202",
  );
  t.equal(buildPath(joinByIdOrAlias, { roomIdOrAlias: "#alias:x" }), "/_matrix/client/v3/join/%23alias%3Ax");
  t.equal(
    buildPath(downloadWithName, { serverName: "ex.org", mediaId: "abc", fileName: "scan 1.pdf" }),
    "/_matrix/client/v1/media/download/ex.org/abc/scan%201.pdf",
  );
  t.equal(buildPath(versions), "/_matrix/client/versions");
  t.equal(buildPath(getPushRules), "/_matrix/client/v3/pushrules/");
});

t.test("matchPath decodes what buildPath encoded, for awkward values", async (t) => {
  for (const value of AWKWARD) {
    const params = { roomId: value, eventType: `m.${value}`, txnId: value };
    const path = buildPath(send, params);
    t.equal(path.split("/").length, 9, `${JSON.stringify(value)} stays within its segment`);
    t.same(matchPath(send, path), params, JSON.stringify(value));
  }
});

t.test("matchPath accepts paths encoded by other clients", async (t) => {
  // matrix-js-sdk leaves "!" and ":" alone in some versions; both spellings mean the same room.
  t.same(matchPath(send, "/_matrix/client/v3/rooms/!r:ex.org/send/m.room.message/1"), {
    roomId: "!r:ex.org",
    eventType: "m.room.message",
    txnId: "1",
  });
  t.same(matchPath(send, "/_matrix/client/v3/rooms/%21r%3aex.org/send/m.room.message/%24"), {
    roomId: "!r:ex.org",
    eventType: "m.room.message",
    txnId: "$",
  });
  t.same(matchPath(send, "/_matrix/client/v3/rooms/a+b/send/x/y"), { roomId: "a+b", eventType: "x", txnId: "y" }, "+ is not a space in a path");
});

t.test("matchPath serves the r0 alias too", async (t) => {
  t.same(matchPath(send, "/_matrix/client/r0/rooms/%21r%3Aex.org/send/m.room.message/7"), {
    roomId: "!r:ex.org",
    eventType: "m.room.message",
    txnId: "7",
  });
  t.equal(matchPath(send, "/_matrix/client/v2/rooms/r/send/t/7"), null);
});

t.test("matchPath rejects other shapes", async (t) => {
  t.equal(matchPath(send, "/_matrix/client/v3/rooms/r/send/t"), null, "too short");
  t.equal(matchPath(send, "/_matrix/client/v3/rooms/r/send/t/1/extra"), null, "too long");
  t.equal(matchPath(send, "/_matrix/client/v3/rooms/r/send/t/1/"), null, "no trailing slash on this endpoint");
  t.equal(matchPath(send, "/_matrix/client/v3/rooms//send/t/1"), null, "empty room id");
  t.equal(matchPath(send, "/_matrix/client/v3/rooms/r/sent/t/1"), null, "literal differs");
  t.equal(matchPath(send, "_matrix/client/v3/rooms/r/send/t/1"), null, "not absolute");
  t.equal(matchPath(send, "/_matrix/client/v3/rooms/r/%73end/t/1"), null, "literals are compared undecoded");
});

t.test("an empty state key may drop its trailing slash", async (t) => {
  const base = "/_matrix/client/v3/rooms/!r%3Aex.org/state/m.room.name";
  t.equal(buildPath(getStateEvent, { roomId: "!r:ex.org", eventType: "m.room.name", stateKey: "" }), `${base}/`);
  t.same(matchPath(getStateEvent, `${base}/`), { roomId: "!r:ex.org", eventType: "m.room.name", stateKey: "" });
  t.same(matchPath(getStateEvent, base), { roomId: "!r:ex.org", eventType: "m.room.name", stateKey: "" });
  t.same(matchPath(putStateEvent, `${base}/%40alice%3Aex.org`), { roomId: "!r:ex.org", eventType: "m.room.name", stateKey: "@alice:ex.org" });
  t.same(matchPath(getStateEvent, "/_matrix/client/r0/rooms/r/state/m.room.topic"), { roomId: "r", eventType: "m.room.topic", stateKey: "" });
  t.equal(matchPath(getStateEvent, "/_matrix/client/v3/rooms/r/state/"), null, "the event type may not be empty");
  t.equal(matchPath(getStateEvent, "/_matrix/client/v3/rooms/r/state"), null);
});

t.test("templates ending in a slash match with or without it", async (t) => {
  t.same(matchPath(getPushRules, "/_matrix/client/v3/pushrules/"), {});
  t.same(matchPath(getPushRules, "/_matrix/client/v3/pushrules"), {});
  t.same(matchPath(getPushRules, "/_matrix/client/r0/pushrules/"), {});
  t.equal(matchPath(getPushRules, "/_matrix/client/v3/pushrules/global"), null);
  t.same(matchPath(getGlobalPushRules, "/_matrix/client/v3/pushrules/global"), {});
  t.same(matchPath(getGlobalPushRules, "/_matrix/client/v3/pushrules/global/"), {});
  t.equal(matchPath(getGlobalPushRules, "/_matrix/client/v3/pushrules/"), null);
});

t.test("bad percent-encoding in a parameter is M_INVALID_PARAM", async (t) => {
  const err = t.throws(() => matchPath(send, "/_matrix/client/v3/rooms/%E0%A4%A/send/t/1")) as EndpointValidationError;
  t.type(err, EndpointValidationError);
  t.equal(err.errcode, "M_INVALID_PARAM");
  t.equal(err.field, "roomId");
  t.match(err.message, /roomId/);
  t.equal(matchPath(send, "/_matrix/client/v3/rooms/%zz/other/t/1"), null, "a path of another shape is just no match");
});

t.test("buildPath refuses missing, empty and unencodable parameters", async (t) => {
  const missing = t.throws(() => buildPath(send, { roomId: "!r:x", eventType: "m.room.message" } as never)) as EndpointPathError;
  t.type(missing, EndpointPathError);
  t.equal(missing.param, "txnId");
  t.equal(missing.message, "path parameter txnId is missing");
  const empty = t.throws(() => buildPath(send, { roomId: "", eventType: "m.room.message", txnId: "1" })) as EndpointPathError;
  t.equal(empty.message, "path parameter roomId is empty");
  const lone = t.throws(() => buildPath(send, { roomId: "\ud800", eventType: "x", txnId: "1" })) as EndpointPathError;
  t.equal(lone.param, "roomId");
});

t.test("router paths", async (t) => {
  t.equal(toRouterPath("/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}"), "/_matrix/client/v3/rooms/:roomId/send/:eventType/:txnId");
  t.same(routerPaths(send), ["/_matrix/client/v3/rooms/:roomId/send/:eventType/:txnId", "/_matrix/client/r0/rooms/:roomId/send/:eventType/:txnId"]);
  t.same(routerPaths(getPushRules), ["/_matrix/client/v3/pushrules", "/_matrix/client/r0/pushrules"]);
  t.same(routerPaths(getStateEvent), [
    "/_matrix/client/v3/rooms/:roomId/state/:eventType/:stateKey",
    "/_matrix/client/v3/rooms/:roomId/state/:eventType",
    "/_matrix/client/r0/rooms/:roomId/state/:eventType/:stateKey",
    "/_matrix/client/r0/rooms/:roomId/state/:eventType",
  ]);
});

t.test("a dot segment is passed through as given", async (t) => {
  // WHATWG URL parsers fold "/./" and "/../" (even as %2E), so a client cannot
  // send these reliably; a server that receives one raw still decodes it.
  const e = defineEndpoint({ id: "test.dots", summary: "", method: "GET", path: "/x/{a}", auth: "none", rateLimited: false, response: jsonResponse<object>() });
  t.same(matchPath(e, "/x/.."), { a: ".." });
  t.same(matchPath(e, "/x/%2E"), { a: "." });
});
