import t from "tap";
import type { AnyEndpoint } from "../../src/endpoints/define.js";
import { buildPath, matchPath } from "../../src/endpoints/path.js";
import { ALL_ENDPOINTS, endpointById, findEndpoint, methodsForPath } from "../../src/endpoints/registry.js";
import type { ParsedTemplate } from "../../src/endpoints/template.js";

const C = "/_matrix/client/v3";
const F = "/_matrix/federation";

/** The endpoints the brief asks for; the registry must hold exactly these. */
const EXPECTED = [
  "GET /_matrix/client/versions",
  `GET ${C}/login`, `POST ${C}/login`, `POST ${C}/logout`, `POST ${C}/logout/all`,
  `POST ${C}/register`, `GET ${C}/register/available`,
  `GET ${C}/account/whoami`, `POST ${C}/account/password`, `POST ${C}/account/deactivate`,
  `GET ${C}/capabilities`, `POST ${C}/createRoom`, `POST ${C}/join/{roomIdOrAlias}`,
  ...["join", "invite", "leave", "forget", "kick", "ban", "unban"].map((a) => `POST ${C}/rooms/{roomId}/${a}`),
  `GET ${C}/joined_rooms`, `GET ${C}/rooms/{roomId}/members`, `GET ${C}/rooms/{roomId}/joined_members`,
  `GET ${C}/rooms/{roomId}/state`, `GET ${C}/rooms/{roomId}/state/{eventType}/{stateKey}`, `PUT ${C}/rooms/{roomId}/state/{eventType}/{stateKey}`,
  `GET ${C}/rooms/{roomId}/event/{eventId}`, `PUT ${C}/rooms/{roomId}/send/{eventType}/{txnId}`,
  `PUT ${C}/rooms/{roomId}/redact/{eventId}/{txnId}`, `GET ${C}/rooms/{roomId}/messages`, `GET ${C}/rooms/{roomId}/context/{eventId}`,
  `GET ${C}/sync`, `POST ${C}/user/{userId}/filter`, `GET ${C}/user/{userId}/filter/{filterId}`,
  `GET ${C}/pushrules/`, `GET ${C}/pushrules/global/`,
  ...["GET", "PUT", "DELETE"].map((m) => `${m} ${C}/pushrules/global/{kind}/{ruleId}`),
  ...["enabled", "actions"].flatMap((x) => ["GET", "PUT"].map((m) => `${m} ${C}/pushrules/global/{kind}/{ruleId}/${x}`)),
  `GET ${C}/profile/{userId}`,
  ...["displayname", "avatar_url"].flatMap((x) => ["GET", "PUT"].map((m) => `${m} ${C}/profile/{userId}/${x}`)),
  ...["GET", "PUT"].flatMap((m) => [`${m} ${C}/user/{userId}/account_data/{type}`, `${m} ${C}/user/{userId}/rooms/{roomId}/account_data/{type}`]),
  `POST ${C}/rooms/{roomId}/receipt/{receiptType}/{eventId}`, `POST ${C}/rooms/{roomId}/read_markers`,
  `PUT ${C}/rooms/{roomId}/typing/{userId}`, `GET ${C}/presence/{userId}/status`, `PUT ${C}/presence/{userId}/status`,
  `GET ${C}/devices`, ...["GET", "PUT", "DELETE"].map((m) => `${m} ${C}/devices/{deviceId}`), `POST ${C}/delete_devices`,
  ...["GET", "PUT", "DELETE"].map((m) => `${m} ${C}/directory/room/{roomAlias}`), `GET ${C}/rooms/{roomId}/aliases`,
  `GET ${C}/directory/list/room/{roomId}`, `PUT ${C}/directory/list/room/{roomId}`,
  `GET ${C}/publicRooms`, `POST ${C}/publicRooms`, `GET ${C}/notifications`,
  "GET /_matrix/client/v1/rooms/{roomId}/hierarchy", `POST ${C}/user_directory/search`,
  "POST /_matrix/media/v3/upload",
  "GET /_matrix/client/v1/media/download/{serverName}/{mediaId}",
  "GET /_matrix/client/v1/media/download/{serverName}/{mediaId}/{fileName}",
  "GET /_matrix/client/v1/media/thumbnail/{serverName}/{mediaId}",
  "GET /_matrix/client/v1/media/config",
  "POST /_matrix/media/v1/create",
  "PUT /_matrix/media/v3/upload/{serverName}/{mediaId}",
  "GET /_matrix/media/v3/download/{serverName}/{mediaId}",
  "GET /_matrix/media/v3/download/{serverName}/{mediaId}/{fileName}",
  "GET /_matrix/media/v3/thumbnail/{serverName}/{mediaId}",
  "GET /_matrix/media/v3/config",
  "GET /_matrix/key/v2/server", `GET ${F}/v1/version`, `PUT ${F}/v1/send/{txnId}`,
  `GET ${F}/v1/make_join/{roomId}/{userId}`, `PUT ${F}/v2/send_join/{roomId}/{eventId}`,
  `GET ${F}/v1/make_leave/{roomId}/{userId}`, `PUT ${F}/v2/send_leave/{roomId}/{eventId}`, `PUT ${F}/v2/invite/{roomId}/{eventId}`,
  `GET ${F}/v1/event/{eventId}`, `GET ${F}/v1/state/{roomId}`, `GET ${F}/v1/state_ids/{roomId}`, `GET ${F}/v1/backfill/{roomId}`,
  `POST ${F}/v1/get_missing_events/{roomId}`, `GET ${F}/v1/query/directory`, `GET ${F}/v1/query/profile`,
  `GET ${F}/v1/event_auth/{roomId}/{eventId}`,
  "GET /_ward/admin/v1/settings/idle_timeout", "PUT /_ward/admin/v1/settings/idle_timeout",
  "POST /_ward/admin/v1/users/{userId}/deactivate",
  "GET /_ward/admin/v1/audit", "GET /_ward/admin/v1/audit/export", "POST /_ward/admin/v1/audit/verify",
  "GET /_ward/admin/v1/settings/channel_redaction", "PUT /_ward/admin/v1/settings/channel_redaction",
  "POST /_ward/client/v1/direct", "GET /_ward/client/v1/directory",
];

t.test("the registry holds exactly the endpoints Ward serves", async (t) => {
  const actual = ALL_ENDPOINTS.map((e) => `${e.method} ${e.path}`).sort();
  t.same(actual, [...EXPECTED].sort());
  t.equal(ALL_ENDPOINTS.length, EXPECTED.length);
});

t.test("ids are unique and look up their endpoint", async (t) => {
  const ids = ALL_ENDPOINTS.map((e) => e.id);
  t.equal(new Set(ids).size, ids.length);
  for (const e of ALL_ENDPOINTS) t.equal(endpointById(e.id), e, e.id);
  t.equal(endpointById("client.nope"), undefined);
});

t.test("each (method, path) is defined once, aliases included", async (t) => {
  const keys = ALL_ENDPOINTS.flatMap((e) => e.templates.map((tpl) => `${e.method} ${tpl.template}`));
  t.equal(new Set(keys).size, keys.length);
});

// A segment pattern: a literal, or a parameter (PARAM matches any non-empty segment).
const PARAM = Symbol("param");
type Shape = Array<string | typeof PARAM>;

function shapes(e: AnyEndpoint, tpl: ParsedTemplate): Shape[] {
  const full: Shape = tpl.segments.map((s) => (s.kind === "literal" ? s.text : PARAM));
  const out = [full];
  if (tpl.trailingSlash || e.emptyLastParam) out.push(full.slice(0, -1));
  if (e.emptyLastParam) out.push([...full.slice(0, -1), ""]);
  return out;
}

function overlap(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i]!;
    if (x === PARAM) return y === PARAM || y !== "";
    if (y === PARAM) return x !== "";
    return x === y;
  });
}

t.test("the overlap check itself finds clashes", async (t) => {
  const state = ALL_ENDPOINTS.find((e) => e.id === "client.rooms.state.get")!;
  const [full, short, empty] = shapes(state, state.templates[0]!);
  t.ok(overlap(short!, ["_matrix", "client", "v3", "rooms", PARAM, "state", PARAM]), "the form without a state key");
  t.ok(overlap(empty!, ["_matrix", "client", "v3", "rooms", PARAM, "state", PARAM, ""]), "the form with an empty state key");
  t.ok(overlap(full!, ["_matrix", "client", "v3", "rooms", PARAM, "state", "m.room.name", PARAM]));
  t.notOk(overlap(full!, ["_matrix", "client", "v3", "rooms", PARAM, "state", PARAM, ""]), "an empty segment is no parameter");
  t.notOk(overlap(full!, ["_matrix", "client", "v3", "rooms", PARAM, "send", PARAM, PARAM]));
});

t.test("no request can reach two endpoints", async (t) => {
  const clashes: string[] = [];
  for (const [i, a] of ALL_ENDPOINTS.entries()) {
    for (const b of ALL_ENDPOINTS.slice(i + 1)) {
      if (a.method !== b.method) continue;
      const sa = a.templates.flatMap((tpl) => shapes(a, tpl));
      const sb = b.templates.flatMap((tpl) => shapes(b, tpl));
      if (sa.some((x) => sb.some((y) => overlap(x, y)))) clashes.push(`${a.id} / ${b.id}`);
    }
  }
  t.same(clashes, []);
});

const awkward = (name: string) => `${name} !$#/?%:ü😀`;

t.test("every template parameter is filled by buildPath and recovered by matchPath", async (t) => {
  for (const e of ALL_ENDPOINTS) {
    const params = Object.fromEntries(e.paramNames.map((n) => [n, awkward(n)]));
    const path = buildPath(e, params as never);
    for (const n of e.paramNames) t.ok(path.includes(encodeURIComponent(awkward(n))), `${e.id}: ${n} in ${path}`);
    t.notMatch(path, /[{}]/, `${e.id}: no placeholder left`);
    t.same(matchPath(e, path), params, `${e.id} round trip`);
    const found = findEndpoint(e.method, path);
    t.equal(found?.endpoint, e, `${e.id} is what the registry finds`);
    for (const alias of e.aliases) {
      const aliasPath = alias.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(awkward(n)));
      t.same(matchPath(e, aliasPath), params, `${e.id} alias ${alias}`);
    }
  }
});

t.test("client v3 endpoints keep their r0 path; prefixes and auth fit the API", async (t) => {
  for (const e of ALL_ENDPOINTS) {
    if (e.path.startsWith("/_matrix/client/v3/") || e.path.startsWith("/_matrix/media/v3/")) {
      t.same(e.aliases, [e.path.replace("/v3/", "/r0/")], `${e.id} r0 alias`);
    } else {
      t.same(e.aliases, [], `${e.id} has no alias`);
    }
    const federation = e.path.startsWith("/_matrix/federation/") || e.path.startsWith("/_matrix/key/");
    t.equal(e.id.startsWith("federation."), federation, `${e.id} id matches its API`);
    if (federation) t.equal(e.auth, e.id === "federation.keys.server" || e.id === "federation.version" ? "none" : "server", `${e.id} auth`);
    else t.not(e.auth, "server", `${e.id} is not signed by servers`);
  }
});

t.test("findEndpoint and methodsForPath", async (t) => {
  const p = "/_matrix/client/v3/rooms/!r%3Ax/state/m.room.name";
  t.equal(findEndpoint("GET", p)?.endpoint.id, "client.rooms.state.get");
  t.same(findEndpoint("PUT", p)?.params, { roomId: "!r:x", eventType: "m.room.name", stateKey: "" });
  t.equal(findEndpoint("POST", p), null);
  t.same(methodsForPath(p).sort(), ["GET", "PUT"]);
  t.same(methodsForPath("/_matrix/client/v3/nothing"), []);
  t.same(methodsForPath("/_matrix/client/v3/publicRooms").sort(), ["GET", "POST"]);
  t.equal(findEndpoint("GET", "/_matrix/client/r0/pushrules/")?.endpoint.id, "client.pushrules.all");
  t.equal(findEndpoint("GET", "/_matrix/client/v3/pushrules/global/override/.m.rule.master/enabled")?.endpoint.id, "client.pushrules.enabled.get");
  t.same(methodsForPath("/_matrix/client/v3/rooms/%E0%A4%A/send/t/1"), ["PUT"], "a badly encoded path still names its methods");
});
