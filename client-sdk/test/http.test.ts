import t from "tap";
import { clientAccount, clientLogin, clientMessages } from "@ward/protocol";
import { HttpClient, WardAbortError, WardApiError, WardConnectionError, isRetryable } from "../src/index.js";
import { hang, json, scriptedFetch, type Step } from "./helpers/fake-fetch.js";

t.test("a call builds its request from the endpoint definition", async (t) => {
  const { fetch, calls } = scriptedFetch([() => json(200, { event_id: "$new" })]);
  const http = new HttpClient({ baseUrl: "https://ward.test/", accessToken: "tok", fetch });
  const res = await http.call(clientMessages.send, { params: { roomId: "!r:w", eventType: "m.room.message", txnId: "t1" }, body: { msgtype: "m.text", body: "hi" } });
  t.same(res, { event_id: "$new" });
  const [call] = calls;
  t.equal(call?.url.href, "https://ward.test/_matrix/client/v3/rooms/!r%3Aw/send/m.room.message/t1");
  t.equal(call?.init.method, "PUT");
  t.same(call?.init.headers, { Authorization: "Bearer tok", "Content-Type": "application/json" });
  t.equal(call?.init.body, '{"msgtype":"m.text","body":"hi"}');
});

t.test("the token goes only to endpoints that take one", async (t) => {
  const { fetch, calls } = scriptedFetch([() => json(200, { user_id: "@a:w", access_token: "new", device_id: "D" })]);
  const http = new HttpClient({ baseUrl: "https://ward.test", accessToken: "old", fetch });
  await http.call(clientLogin.login, { body: { type: "m.login.password", identifier: { type: "m.id.user", user: "a" }, password: "pw" } });
  t.notOk((calls[0]?.init.headers as Record<string, string>).Authorization);
  t.notOk(calls[0]?.url.search, "never in the URL either");
});

t.test("error answers become WardApiError with errcode, status, message and retry hint", async (t) => {
  const ended: WardApiError[] = [];
  const { fetch } = scriptedFetch([
    () => json(403, { errcode: "M_FORBIDDEN", error: "You are not in this room" }),
    () => json(429, { errcode: "M_LIMIT_EXCEEDED", error: "Too many requests", retry_after_ms: 1500 }, { "retry-after": "2" }),
    () => json(429, { errcode: "M_LIMIT_EXCEEDED" }, { "retry-after": "2" }),
    () => new Response("<html>Bad gateway</html>", { status: 502, headers: { "content-type": "text/html" } }),
    () => json(401, { errcode: "M_UNKNOWN_TOKEN", error: "Idle", soft_logout: true }),
  ]);
  const http = new HttpClient({ baseUrl: "https://ward.test", accessToken: "tok", fetch, onSessionEnded: (e) => ended.push(e) });
  const whoami = () => http.call(clientAccount.whoami);
  await t.rejects(whoami(), { name: "WardApiError", errcode: "M_FORBIDDEN", status: 403, message: "You are not in this room", retryAfterMs: undefined, endpointId: "client.account.whoami" });
  await t.rejects(whoami(), { name: "WardApiError", errcode: "M_LIMIT_EXCEEDED", retryAfterMs: 1500 }, "the body's hint wins");
  await t.rejects(whoami(), { name: "WardApiError", errcode: "M_LIMIT_EXCEEDED", retryAfterMs: 2000 }, "else Retry-After");
  await t.rejects(whoami(), { errcode: "M_UNKNOWN", status: 502, message: "HTTP 502" }, "a proxy's page");
  const soft = await whoami().catch((e: unknown) => e);
  t.ok(soft instanceof WardApiError && soft.softLogout && soft.isSessionEnded);
  t.same(ended, [soft], "the session's end is reported");
});

t.test("no answer becomes WardConnectionError; aborts become WardAbortError", async (t) => {
  const { fetch } = scriptedFetch([() => Promise.reject(new TypeError("fetch failed")), hang, hang]);
  const http = new HttpClient({ baseUrl: "https://ward.test", accessToken: "tok", fetch });
  const down = await http.call(clientAccount.whoami).catch((e: unknown) => e);
  t.ok(down instanceof WardConnectionError);
  t.ok(isRetryable(down));
  await t.rejects(http.call(clientAccount.whoami, undefined, { timeoutMs: 5 }), WardConnectionError, "a call that never answers times out");
  const controller = new AbortController();
  const pending = http.call(clientAccount.whoami, undefined, { signal: controller.signal });
  controller.abort();
  await t.rejects(pending, WardAbortError);
  t.notOk(isRetryable(new WardApiError(403, { errcode: "M_FORBIDDEN" }, "x")));
  t.ok(isRetryable(new WardApiError(500, {}, "x")));
});

t.test("a GET whose kept-alive connection was reset is sent once more; other requests are not", async (t) => {
  const reset: Step = () => Promise.reject(new TypeError("fetch failed", { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) }));
  const ok = () => json(200, { user_id: "@a:w", device_id: "D" });
  const once = scriptedFetch([reset, ok]);
  const http = new HttpClient({ baseUrl: "https://ward.test", accessToken: "tok", fetch: once.fetch });
  t.same(await http.call(clientAccount.whoami), { user_id: "@a:w", device_id: "D" });
  t.equal(once.calls.length, 2, "sent again after the reset");

  const twice = scriptedFetch([reset, reset, ok]);
  await t.rejects(new HttpClient({ baseUrl: "https://ward.test", fetch: twice.fetch }).call(clientAccount.whoami), WardConnectionError, "only once");
  t.equal(twice.calls.length, 2);

  const post = scriptedFetch([reset, ok]);
  const body = { type: "m.login.password", identifier: { type: "m.id.user", user: "a" }, password: "pw" };
  await t.rejects(new HttpClient({ baseUrl: "https://ward.test", fetch: post.fetch }).call(clientLogin.login, { body }), WardConnectionError, "a POST is never sent twice");
  t.equal(post.calls.length, 1);

  const refused = scriptedFetch([() => Promise.reject(new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) })), ok]);
  await t.rejects(new HttpClient({ baseUrl: "https://ward.test", fetch: refused.fetch }).call(clientAccount.whoami), WardConnectionError, "a server that is down is not asked again here");
  t.equal(refused.calls.length, 1);
});
