/**
 * The sync loop's reactions to what a server can answer, with a scripted
 * fetch: 429 waits exactly retry_after_ms, errors back off doubling and keep
 * the token, a stored token is resumed from, soft logout and unknown tokens
 * surface as sessionEnded and stop the loop, stop() ends a waiting poll.
 */
import t from "tap";
import { MemorySyncStore, WardClient, type ClientEvents } from "../../src/index.js";
import { hang, json, scriptedFetch, syncAnswer, type Step } from "../helpers/fake-fetch.js";

const BASE = "https://ward.test";

function client(steps: Step[], store = new MemorySyncStore(), after?: Step) {
  const script = scriptedFetch(steps, after);
  const c = new WardClient({ baseUrl: BASE, accessToken: "tok", userId: "@a:ward.test", fetch: script.fetch, store, backoff: { initialMs: 10, maxMs: 40 } });
  const seen: Array<{ [K in keyof ClientEvents]: [K, ClientEvents[K]] }[keyof ClientEvents]> = [];
  for (const name of ["syncError", "sessionEnded", "syncState", "sync"] as const) c.on(name, (p) => seen.push([name, p] as never));
  return { client: c, calls: script.calls, seen };
}

const errorsOf = (seen: ReturnType<typeof client>["seen"]) => seen.filter(([n]) => n === "syncError").map(([, p]) => p as ClientEvents["syncError"]);

t.test("a 429 is retried after exactly retry_after_ms, with the same token", async (t) => {
  const { client: c, calls, seen } = client([
    syncAnswer("s1"),
    () => json(429, { errcode: "M_LIMIT_EXCEEDED", error: "slow down", retry_after_ms: 30 }),
    () => json(429, { errcode: "M_LIMIT_EXCEEDED", error: "slow down" }, { "retry-after": "0" }),
    syncAnswer("s2"),
  ]);
  await c.start();
  await c.next("sync", (s) => s.nextBatch === "s2");
  await c.stop();
  t.same(errorsOf(seen).map((e) => e.retryInMs), [30, 0], "retry_after_ms, then the Retry-After header in seconds");
  t.same(calls.slice(1, 4).map((c) => c.url.searchParams.get("since")), ["s1", "s1", "s1"], "the token stays until an answer comes");
  t.same(calls.slice(0, 2).map((c) => c.url.searchParams.get("timeout")), ["0", "30000"], "an initial sync does not wait; later ones long-poll");
  t.equal(calls[0]!.init.headers && (calls[0]!.init.headers as Record<string, string>).Authorization, "Bearer tok");
});

t.test("5xx and lost connections back off, doubling up to the maximum, and the loop recovers", async (t) => {
  const { client: c, calls, seen } = client([
    syncAnswer("s1"),
    () => json(502, "<html>bad gateway</html>"),
    () => Promise.reject(new TypeError("fetch failed")),
    () => json(503, { errcode: "M_UNKNOWN", error: "shutting down" }),
    () => json(500, {}),
    syncAnswer("s2"),
  ]);
  await c.start();
  await c.next("sync", (s) => s.nextBatch === "s2");
  await c.stop();
  const waits = errorsOf(seen).map((e) => e.retryInMs!);
  const full = [10, 20, 40, 40];
  t.equal(waits.length, 4);
  waits.forEach((w, i) => t.ok(w <= full[i]! && w >= full[i]! * 0.75, `wait ${i + 1} is ${full[i]} ms less up to a quarter`));
  t.same(errorsOf(seen).map((e) => (e.error as Error).name), ["WardApiError", "WardConnectionError", "WardApiError", "WardApiError"]);
  const states = seen.filter(([n]) => n === "syncState").map(([, p]) => (p as ClientEvents["syncState"]).state);
  t.same(states, ["starting", "syncing", "reconnecting", "syncing", "stopped"]);
  t.same(calls.slice(1, 6).map((c) => c.url.searchParams.get("since")), ["s1", "s1", "s1", "s1", "s1"]);
});

t.test("a stored token is resumed from, with full state first", async (t) => {
  const store = new MemorySyncStore("s41");
  const { client: c, calls } = client([syncAnswer("s42"), syncAnswer("s43")], store);
  await c.start();
  await c.next("sync", (s) => s.nextBatch === "s43");
  await c.stop();
  t.equal(calls[0]!.url.searchParams.get("since"), "s41");
  t.equal(calls[0]!.url.searchParams.get("full_state"), "true");
  t.equal(calls[1]!.url.searchParams.get("since"), "s42");
  t.equal(calls[1]!.url.searchParams.get("full_state"), null);
  t.equal(await store.getSyncToken(), "s43", "each handled answer's token is stored");
});

t.test("a soft logout surfaces as sessionEnded and stops the loop", async (t) => {
  const { client: c, seen } = client([syncAnswer("s1"), () => json(401, { errcode: "M_UNKNOWN_TOKEN", error: "idle", soft_logout: true })]);
  const ended = c.next("sessionEnded");
  await c.start();
  const { reason, error } = await ended;
  t.equal(reason, "softLogout");
  t.equal(error.status, 401);
  await c.next("syncState", (s) => s.state === "stopped");
  t.same(errorsOf(seen), [], "not reported as a sync error");
});

t.test("an unknown token before the first answer makes start() fail", async (t) => {
  const { client: c } = client([() => json(401, { errcode: "M_UNKNOWN_TOKEN", error: "logged out" })]);
  const ended = c.next("sessionEnded");
  await t.rejects(c.start(), /stopped before its first answer/);
  t.equal((await ended).reason, "unknownToken");
});

t.test("an error that will not go away by waiting stops the loop", async (t) => {
  const { client: c, seen } = client([syncAnswer("s1"), () => json(400, { errcode: "M_INVALID_PARAM", error: "bad since" })]);
  await c.start();
  await c.next("syncState", (s) => s.state === "stopped");
  const [only] = errorsOf(seen);
  t.equal(only?.retryInMs, undefined, "no retry");
  t.match(only?.error, { errcode: "M_INVALID_PARAM", status: 400 });
});

t.test("stop() ends a waiting long-poll at once", async (t) => {
  const { client: c, calls } = client([syncAnswer("s1")], new MemorySyncStore(), hang);
  await c.start();
  while (calls.length < 2) await new Promise((r) => setTimeout(r, 1));
  await c.stop();
  t.equal(c.syncState, "stopped");
  t.ok(calls[1]!.init.signal?.aborted, "the poll was aborted");
});

t.test("after a soft logout, resumeSession signs in as the same device and start() carries on from the token", async (t) => {
  const { client: c, calls } = client([
    syncAnswer("s1"),
    () => json(401, { errcode: "M_UNKNOWN_TOKEN", error: "idle", soft_logout: true }),
    () => json(200, { user_id: "@a:ward.test", access_token: "tok2", device_id: "DEV1" }),
    syncAnswer("s2"),
  ]);
  // Restart from within the listener, as an app does: the loop may not have ended yet.
  c.on("sessionEnded", () => void c.resumeSession("the password").then(() => c.start()));
  await c.start();
  await c.next("sync", (s) => s.nextBatch === "s2");
  const login = calls[2]!;
  t.equal(login.url.pathname, "/_matrix/client/v3/login");
  t.match(JSON.parse(String(login.init.body)), { type: "m.login.password", identifier: { user: "@a:ward.test" }, password: "the password" });
  t.equal(calls[3]!.url.searchParams.get("since"), "s1", "the stored token is kept");
  t.equal((calls[3]!.init.headers as Record<string, string>).Authorization, "Bearer tok2", "with the new token");
  t.equal(c.accessToken, "tok2");
  await c.stop();
});
