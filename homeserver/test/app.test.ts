import t, { type Test } from "tap";
import { request as httpRequest } from "node:http";
import { binaryResponse, defineEndpoint, jsonObject, jsonResponse, userIdentifier } from "@ward/protocol";
import { createApp, type AppDeps } from "../src/app.js";
import type { Session, SessionResolver } from "../src/http/auth.js";
import { forbidden, notFound } from "../src/http/matrix-error.js";
import { TokenBucketLimiter } from "../src/http/rate-limit.js";
import { HANDLED, reply, route, type ApiArea } from "../src/http/route.js";
import { captureLogger, serve, testConfig } from "./helpers/http.js";

const V3 = "/_matrix/client/v3";
const alice: Session = { userId: "@alice:localhost", deviceId: "DEV", tokenHash: "h1", isGuest: false };
const bob: Session = { userId: "@bob:localhost", deviceId: "DEV2", tokenHash: "h2", isGuest: false };
const CANARY_TOKEN = "syt_CANARY_token_9f8e7d";
const CANARY_PASSWORD = "CANARY-password-123";

const def = <const I extends Omit<Parameters<typeof defineEndpoint>[0], "summary" | "response">>(init: I) =>
  defineEndpoint({ summary: init.id, response: jsonResponse<Record<string, unknown>>(), ...init });

const echo = def({ id: "test.echo", method: "PUT", path: `${V3}/rooms/{roomId}/send/{eventType}/{txnId}`, aliases: [`/_matrix/client/r0/rooms/{roomId}/send/{eventType}/{txnId}`], rateLimited: false, auth: "none", body: jsonObject });
const invite = def({ id: "test.invite", method: "POST", path: `${V3}/test/invite`, rateLimited: false, auth: "none", body: userIdentifier });
const whoami = def({ id: "test.whoami", method: "GET", path: `${V3}/test/whoami`, rateLimited: false, auth: "required" });
const optional = def({ id: "test.optional", method: "GET", path: `${V3}/test/optional`, rateLimited: false, auth: "optional" });
const open = def({ id: "test.open", method: "GET", path: `${V3}/test/open`, rateLimited: false, auth: "none" });
const limited = def({ id: "test.limited", method: "POST", path: `${V3}/test/limited`, auth: "optional", rateLimited: true });
const boom = def({ id: "test.boom", method: "POST", path: `${V3}/test/boom`, rateLimited: false, auth: "none", body: jsonObject });
const denied = def({ id: "test.denied", method: "GET", path: `${V3}/test/denied/{what}`, rateLimited: false, auth: "none" });
const created = def({ id: "test.created", method: "POST", path: `${V3}/test/created`, rateLimited: false, auth: "none" });
const raw = def({ id: "test.raw", method: "GET", path: `${V3}/test/raw`, rateLimited: false, auth: "none" });
const wait = def({ id: "test.wait", method: "GET", path: `${V3}/test/wait`, rateLimited: false, auth: "none" });
const upload = defineEndpoint({ id: "test.upload", summary: "bytes in", method: "POST", path: `${V3}/test/upload`, auth: "none", rateLimited: false, binaryBody: true, response: jsonResponse<{ size: number; first: number }>() });
const download = defineEndpoint({ id: "test.download", summary: "bytes out", method: "GET", path: `${V3}/test/download`, auth: "none", rateLimited: false, response: binaryResponse() });
const federated = def({ id: "test.federated", method: "GET", path: "/_matrix/federation/v1/test", rateLimited: false, auth: "server" });

const resolverCalls: string[] = [];
const sessions: SessionResolver = {
  resolve: async (token) => {
    resolverCalls.push(token);
    if (token === "alice-token") return alice;
    if (token === "bob-token") return bob;
    if (token === "idle-token") return { expired: true };
    return null;
  },
};

const testArea: ApiArea = () => [
  route(echo, async (req) => ({ params: req.params, body: req.body })),
  route(invite, async (req) => ({ identifier_type: req.body.type })),
  route(whoami, async (req) => ({ user_id: req.session.userId, device_id: req.session.deviceId })),
  route(optional, async (req) => ({ user_id: req.session?.userId ?? null })),
  route(open, async (req) => ({ user_id: req.session ?? null })),
  route(limited, async () => ({})),
  route(boom, async () => {
    throw new Error("database exploded: secret internal detail");
  }),
  route(denied, async (req) => {
    if (req.params.what === "forbidden") throw forbidden("You may not");
    throw notFound("No such thing");
  }),
  route(created, async () => reply({ id: 1 }, { status: 201, headers: { Location: "/x" } })),
  route(raw, async (_req, ctx) => {
    ctx.status = 200;
    ctx.type = "text/plain";
    ctx.body = "hello";
    return HANDLED;
  }),
  route(federated, async (req) => ({ origin: req.origin })),
  route(upload, async (req) => ({ size: req.body.length, first: req.body[0] ?? -1 }), { bodyLimit: 8192 }),
  route(download, async () => reply(new Uint8Array([1, 2, 3]), { headers: { "Content-Type": "image/png" } })),
  route(wait, (req) => {
    waitStarted();
    return new Promise((resolve) =>
      req.signal.addEventListener("abort", () => {
        waitAborted(String((req.signal.reason as Error).message));
        resolve({});
      }),
    );
  }),
];

let waitStarted: () => void = () => {};
let waitAborted: (why: string) => void = () => {};

let now = 0;
const limiter = new TokenBucketLimiter({ perSecond: 1, burst: 2, now: () => now });
const logs = captureLogger();
const deps: AppDeps = { config: testConfig({ jsonBodyLimit: 2048 }), logger: logs.logger, sessionResolver: sessions, rateLimiter: limiter };
const app = createApp(deps, { areas: [testArea] });
const server = await serve(app);
t.teardown(server.close);

type Res = { status: number; headers: Headers; json: Record<string, unknown> | undefined; text: string };

async function call(method: string, path: string, init: { body?: string | Uint8Array; headers?: Record<string, string> } = {}): Promise<Res> {
  const res = await fetch(server.url + path, { method, headers: init.headers ?? {}, ...(init.body !== undefined ? { body: init.body } : {}) });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

function checkCommonHeaders(t: Test, res: Res, what: string) {
  t.equal(res.headers.get("access-control-allow-origin"), "*", `${what}: CORS origin`);
  t.equal(res.headers.get("access-control-allow-methods"), "GET, POST, PUT, DELETE, OPTIONS", `${what}: CORS methods`);
  t.equal(res.headers.get("access-control-allow-headers"), "X-Requested-With, Content-Type, Authorization", `${what}: CORS headers`);
  t.match(res.headers.get("x-request-id"), /^[A-Za-z0-9_-]{12}$/, `${what}: request id`);
}

function checkError(t: Test, res: Res, status: number, errcode: string, what = errcode) {
  t.equal(res.status, status, `${what}: status`);
  t.equal(res.json?.errcode, errcode, `${what}: errcode`);
  t.type(res.json?.error, "string", `${what}: error message`);
  t.match(res.headers.get("content-type"), /^application\/json/, `${what}: JSON`);
  t.equal(res.headers.get("cache-control"), "no-store", `${what}: no-store`);
  checkCommonHeaders(t, res, what);
}

t.test("a normal response: JSON, CORS, no-store, request id", async (t) => {
  const res = await call("GET", `${V3}/test/open`);
  t.equal(res.status, 200);
  t.same(res.json, { user_id: null });
  t.match(res.headers.get("content-type"), /^application\/json/);
  t.equal(res.headers.get("cache-control"), "no-store");
  checkCommonHeaders(t, res, "200");
});

t.test("OPTIONS is answered for any path without running the endpoint", async (t) => {
  for (const path of [`${V3}/test/boom`, "/anything/at/all", `${V3}/test/whoami`]) {
    const res = await call("OPTIONS", path);
    t.equal(res.status, 204, path);
    checkCommonHeaders(t, res, `OPTIONS ${path}`);
  }
  t.notOk(logs.text().includes("database exploded"), "boom handler did not run");
});

t.test("unknown endpoint 404, known path with the wrong method 405", async (t) => {
  checkError(t, await call("GET", `${V3}/no/such/endpoint`), 404, "M_UNRECOGNIZED", "404");
  checkError(t, await call("GET", "/"), 404, "M_UNRECOGNIZED", "root");
  const wrong = await call("DELETE", `${V3}/test/whoami`);
  checkError(t, wrong, 405, "M_UNRECOGNIZED", "405");
  t.equal(wrong.headers.get("allow"), "GET, OPTIONS");
  checkError(t, await call("POST", `${V3}/test/invite/`), 404, "M_UNRECOGNIZED", "trailing slash is another path");
});

t.test("path parameters are URL-decoded, once", async (t) => {
  const res = await call("PUT", `${V3}/rooms/%21room%3Aexample.org/send/m.room.message/a%2Fb%2520c`, { body: "{}" });
  t.equal(res.status, 200);
  t.same(res.json?.params, { roomId: "!room:example.org", eventType: "m.room.message", txnId: "a/b%20c" });
  const r0 = await call("PUT", `/_matrix/client/r0/rooms/%21r%3Ax/send/m.room.message/1`, { body: '{"a":1}' });
  t.same(r0.json, { params: { roomId: "!r:x", eventType: "m.room.message", txnId: "1" }, body: { a: 1 } }, "r0 alias");
  checkError(t, await call("PUT", `${V3}/rooms/%E0%A4%A/send/m.room.message/1`, { body: "{}" }), 400, "M_INVALID_PARAM", "bad percent-encoding");
});

t.test("bodies: not JSON, not an object, empty", async (t) => {
  const path = `${V3}/rooms/!r:x/send/m.room.message/1`;
  checkError(t, await call("PUT", path, { body: "{not json" }), 400, "M_NOT_JSON", "bad JSON");
  checkError(t, await call("PUT", path, { body: "[1,2]" }), 400, "M_NOT_JSON", "array");
  checkError(t, await call("PUT", path, { body: "null" }), 400, "M_NOT_JSON", "null");
  checkError(t, await call("PUT", path, { body: '"text"' }), 400, "M_NOT_JSON", "string");
  checkError(t, await call("PUT", path, { body: new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]) }), 400, "M_NOT_JSON", "not UTF-8");
  checkError(t, await call("PUT", path, { body: "{}", headers: { "Content-Encoding": "gzip" } }), 400, "M_NOT_JSON", "compressed");
  const empty = await call("PUT", path);
  t.equal(empty.status, 200, "an empty PUT body is {}");
  t.same(empty.json?.body, {});
});

t.test("validation errors from the endpoint definition are 400 with their errcode", async (t) => {
  checkError(t, await call("POST", `${V3}/test/invite`, { body: "{}" }), 400, "M_MISSING_PARAM", "missing field");
  const bad = await call("POST", `${V3}/test/invite`, { body: '{"type": 5}' });
  checkError(t, bad, 400, "M_BAD_JSON", "wrong type");
  t.match(bad.json?.error, /'type'/);
  const ok = await call("POST", `${V3}/test/invite`, { body: '{"type": "m.id.user"}' });
  t.same(ok.json, { identifier_type: "m.id.user" });
});

t.test("413 M_TOO_LARGE, by Content-Length and by streamed size", async (t) => {
  const big = JSON.stringify({ pad: "x".repeat(4000) });
  checkError(t, await call("PUT", `${V3}/rooms/!r:x/send/m.room.message/1`, { body: big }), 413, "M_TOO_LARGE", "content-length");
  // Chunked: no Content-Length, so the limit is enforced while reading.
  const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(`${server.url}${V3}/rooms/!r:x/send/m.room.message/2`, { method: "PUT" }, (r) => {
      let body = "";
      r.on("data", (c: Buffer) => (body += c.toString()));
      r.on("end", () => resolve({ status: r.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    for (let i = 0; i < 10; i++) req.write("x".repeat(500));
    req.end();
  });
  t.equal(res.status, 413);
  t.equal((JSON.parse(res.body) as { errcode: string }).errcode, "M_TOO_LARGE");
});

t.test("auth: missing, unknown, soft logout, header only", async (t) => {
  checkError(t, await call("GET", `${V3}/test/whoami`), 401, "M_MISSING_TOKEN", "no token");
  const unknown = await call("GET", `${V3}/test/whoami`, { headers: { Authorization: "Bearer nope" } });
  checkError(t, unknown, 401, "M_UNKNOWN_TOKEN", "unknown token");
  t.equal(unknown.json?.soft_logout, false);
  const idle = await call("GET", `${V3}/test/whoami`, { headers: { Authorization: "Bearer idle-token" } });
  checkError(t, idle, 401, "M_UNKNOWN_TOKEN", "idle token");
  t.equal(idle.json?.soft_logout, true);
  const inUrl = await call("GET", `${V3}/test/whoami?access_token=alice-token`);
  checkError(t, inUrl, 401, "M_MISSING_TOKEN", "token in URL");
  t.match(inUrl.json?.error, /not accepted in the URL/);
  checkError(t, await call("GET", `${V3}/test/whoami`, { headers: { Authorization: "Basic YTpi" } }), 401, "M_MISSING_TOKEN", "other scheme");
  const ok = await call("GET", `${V3}/test/whoami`, { headers: { Authorization: "bearer alice-token" } });
  t.same(ok.json, { user_id: "@alice:localhost", device_id: "DEV" }, "scheme is case-insensitive");
});

t.test("auth: optional ignores bad tokens, none never looks", async (t) => {
  t.same((await call("GET", `${V3}/test/optional`)).json, { user_id: null });
  t.same((await call("GET", `${V3}/test/optional`, { headers: { Authorization: "Bearer alice-token" } })).json, { user_id: "@alice:localhost" });
  t.same((await call("GET", `${V3}/test/optional`, { headers: { Authorization: "Bearer nope" } })).json, { user_id: null });
  t.same((await call("GET", `${V3}/test/optional`, { headers: { Authorization: "Bearer idle-token" } })).json, { user_id: null });
  resolverCalls.length = 0;
  const res = await call("GET", `${V3}/test/open`, { headers: { Authorization: "Bearer nope" } });
  t.equal(res.status, 200);
  t.same(resolverCalls, [], "the resolver was not asked");
});

t.test("federation endpoints answer 403 while no verifier is configured", async (t) => {
  checkError(t, await call("GET", "/_matrix/federation/v1/test"), 403, "M_FORBIDDEN");
});

t.test("rate limit: 429 with Retry-After and retry_after_ms, per user or IP, then recovery", async (t) => {
  now = 0;
  const asAlice = { headers: { Authorization: "Bearer alice-token" } };
  t.equal((await call("POST", `${V3}/test/limited`, asAlice)).status, 200);
  t.equal((await call("POST", `${V3}/test/limited`, asAlice)).status, 200);
  const limitedRes = await call("POST", `${V3}/test/limited`, asAlice);
  checkError(t, limitedRes, 429, "M_LIMIT_EXCEEDED", "429");
  t.equal(limitedRes.json?.retry_after_ms, 1000);
  t.equal(limitedRes.headers.get("retry-after"), "1");
  t.equal((await call("POST", `${V3}/test/limited`, { headers: { Authorization: "Bearer bob-token" } })).status, 200, "bob has his own bucket");
  t.equal((await call("POST", `${V3}/test/limited`)).status, 200, "anonymous callers share their IP's bucket");
  t.equal((await call("GET", `${V3}/test/open`)).status, 200, "endpoints not marked rateLimited are not limited");
  now = 600;
  const partial = await call("POST", `${V3}/test/limited`, asAlice);
  t.equal(partial.json?.retry_after_ms, 400);
  now = 1000;
  t.equal((await call("POST", `${V3}/test/limited`, asAlice)).status, 200, "recovered after the wait");
});

t.test("handler errors: Matrix errors keep their code, anything else is a generic 500", async (t) => {
  checkError(t, await call("GET", `${V3}/test/denied/forbidden`), 403, "M_FORBIDDEN");
  checkError(t, await call("GET", `${V3}/test/denied/x`), 404, "M_NOT_FOUND");
  const res = await call("POST", `${V3}/test/boom`, { body: JSON.stringify({ password: CANARY_PASSWORD }) });
  checkError(t, res, 500, "M_UNKNOWN", "500");
  t.equal(res.json?.error, "Internal server error");
  t.notMatch(res.text, /exploded|secret/);
  const line = logs.lines().find((l) => l.msg === "unhandled error" && l.reqId === res.headers.get("x-request-id"));
  t.ok(line, "logged under the request id");
  t.match((line?.err as { message: string }).message, /database exploded/);
});

t.test("reply() sets status and headers; HANDLED leaves the response alone", async (t) => {
  const res = await call("POST", `${V3}/test/created`);
  t.equal(res.status, 201);
  t.equal(res.headers.get("location"), "/x");
  t.same(res.json, { id: 1 });
  const text = await call("GET", `${V3}/test/raw`);
  t.equal(text.text, "hello");
  t.match(text.headers.get("content-type"), /^text\/plain/);
});

t.test("X-Request-Id: a plain id from the proxy is kept, anything else replaced", async (t) => {
  t.equal((await call("GET", `${V3}/test/open`, { headers: { "X-Request-Id": "lb-1234.abc" } })).headers.get("x-request-id"), "lb-1234.abc");
  const forged = await call("GET", `${V3}/test/open`, { headers: { "X-Request-Id": 'x" injected' } });
  t.not(forged.headers.get("x-request-id"), 'x" injected');
});

t.test("access log: one line per request, endpoint id not path", async (t) => {
  const res = await call("PUT", `${V3}/rooms/%21secretroom%3Ax/send/m.room.message/9`, { body: "{}", headers: { Authorization: "Bearer alice-token" } });
  const line = logs.lines().find((l) => l.msg === "request" && l.reqId === res.headers.get("x-request-id"));
  t.match(line, { method: "PUT", route: "test.echo", status: 200 });
  t.type(line?.ms, "number");
  t.notMatch(logs.text(), /secretroom/, "raw paths are not logged");
  const miss = await call("GET", "/no/such");
  t.match(logs.lines().find((l) => l.msg === "request" && l.reqId === miss.headers.get("x-request-id")), { route: "unmatched", status: 404 });
});

t.test("no token, password or body ever reaches the log", async (t) => {
  const auth = { Authorization: `Bearer ${CANARY_TOKEN}` };
  const body = JSON.stringify({ type: "m.id.user", password: CANARY_PASSWORD, content: { body: CANARY_PASSWORD } });
  await call("POST", `${V3}/test/invite?access_token=${CANARY_TOKEN}`, { body, headers: auth });
  await call("GET", `${V3}/test/whoami?access_token=${CANARY_TOKEN}`, { headers: auth });
  await call("POST", `${V3}/test/boom?password=${CANARY_PASSWORD}`, { body, headers: auth });
  await call("PUT", `${V3}/rooms/!r:x/send/m.room.message/1`, { body: `{"password": "${CANARY_PASSWORD}", broken`, headers: auth });
  await call("POST", `${V3}/test/limited`, { body, headers: auth });
  const text = logs.text();
  t.ok(text.length > 0);
  t.notMatch(text, CANARY_TOKEN);
  t.notMatch(text, CANARY_PASSWORD);
});

t.test("while draining, new requests get 503 and connections close", async (t) => {
  const drainingApp = createApp({ ...deps, lifecycle: undefined }, { areas: [testArea] });
  const s = await serve(drainingApp);
  t.teardown(s.close);
  t.equal((await call("GET", `${V3}/test/open`)).status, 200);
  drainingApp.lifecycle.beginDrain();
  const res = await fetch(`${s.url}${V3}/test/open`);
  t.equal(res.status, 503);
  t.equal(res.headers.get("connection"), "close");
  t.equal(((await res.json()) as { errcode: string }).errcode, "M_UNKNOWN");
  t.equal(res.headers.get("access-control-allow-origin"), "*");
});

t.test("behind a trusted proxy, the proxy's X-Forwarded-For entry is the rate-limit key", async (t) => {
  let clock = 0;
  const proxied = createApp(
    { ...deps, config: testConfig({ trustProxy: true }), rateLimiter: new TokenBucketLimiter({ perSecond: 1, burst: 1, now: () => clock }) },
    { areas: [testArea] },
  );
  const s = await serve(proxied);
  t.teardown(s.close);
  const post = (xff: string) => fetch(`${s.url}${V3}/test/limited`, { method: "POST", headers: { "X-Forwarded-For": xff } }).then((r) => r.status);
  t.equal(await post("1.1.1.1, 10.0.0.1"), 200);
  t.equal(await post("2.2.2.2, 10.0.0.1"), 429, "a forged first entry does not buy a new bucket");
  t.equal(await post("10.0.0.2"), 200, "another client address has its own bucket");
});

t.test("req.signal aborts when the client goes away; finished requests leave no listener behind", async (t) => {
  const started = new Promise<void>((r) => (waitStarted = r));
  const aborted = new Promise<string>((r) => (waitAborted = r));
  const controller = new AbortController();
  const pending = fetch(`${server.url}${V3}/test/wait`, { signal: controller.signal }).catch((err: Error) => err.name);
  await started;
  controller.abort();
  t.equal(await pending, "AbortError");
  t.equal(await aborted, "client disconnected");

  const spy = { added: 0, removed: 0 };
  const shutdown = app.lifecycle.signal;
  const add = shutdown.addEventListener.bind(shutdown);
  const remove = shutdown.removeEventListener.bind(shutdown);
  shutdown.addEventListener = ((...args: Parameters<typeof add>) => (spy.added++, add(...args))) as typeof add;
  shutdown.removeEventListener = ((...args: Parameters<typeof remove>) => (spy.removed++, remove(...args))) as typeof remove;
  const started2 = new Promise<void>((r) => (waitStarted = r));
  const controller2 = new AbortController();
  const pending2 = fetch(`${server.url}${V3}/test/wait`, { signal: controller2.signal }).catch(() => "aborted");
  await started2;
  controller2.abort();
  await pending2;
  await new Promise((r) => setTimeout(r, 50));
  t.same(spy, { added: 1, removed: 1 });
});

t.test("binary bodies: raw bytes in (own limit, never parsed as JSON), bytes out", async (t) => {
  const up = await call("POST", `${V3}/test/upload`, { body: new Uint8Array(5000).fill(0xff) });
  t.same(up.json, { size: 5000, first: 255 }, "above the JSON limit, within the route's own");
  checkError(t, await call("POST", `${V3}/test/upload`, { body: new Uint8Array(9000) }), 413, "M_TOO_LARGE", "route limit");
  const down = await fetch(`${server.url}${V3}/test/download`);
  t.equal(down.headers.get("content-type"), "image/png");
  t.same([...new Uint8Array(await down.arrayBuffer())], [1, 2, 3]);
});
