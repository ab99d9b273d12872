/**
 * Changing push rules: PUT/DELETE of user rules with before/after placement,
 * enabled/actions of user and server-default rules, reserved IDs and bad
 * input (a Matrix error and no change), and the effects: the event writer
 * applies the new rules (highlight_count) and incremental /sync sends the
 * changed m.push_rules.
 */
import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { validateError, validateResponse } from "../../helpers/openapi.js";
import { startTestHomeserver, type TestHomeserver, type TestUser } from "../../helpers/homeserver.js";
import { createRoom, expectOk, invite, membership, send, sync } from "./sync-fixtures.js";

const RULES = "/_matrix/client/v3/pushrules/";
const rule = (kind: string, id: string, suffix = "") => `/_matrix/client/v3/pushrules/global/${kind}/${encodeURIComponent(id)}${suffix}`;

type Ruleset = Record<string, Array<{ rule_id: string; enabled: boolean; actions: unknown[]; default: boolean }>>;

async function ruleset(hs: TestHomeserver, user: TestUser): Promise<Ruleset> {
  return (await expectOk("GET /pushrules/", await hs.request<{ global: Ruleset }>("GET", RULES, { token: user.accessToken }))).global;
}

const ids = (rs: Ruleset, kind: string) => rs[kind]!.filter((r) => !r.default).map((r) => r.rule_id);

await forEachDatabase(t, "PUT/GET/DELETE user rules with placement", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const token = alice.accessToken;
  const put = (kind: string, id: string, body: unknown, query = "") => hs.request("PUT", rule(kind, id) + query, { token, body });

  const created = await put("content", "cats", { pattern: "cat*", actions: ["notify"] });
  t.equal(created.status, 200);
  t.strictSame(validateResponse("PUT", rule("content", "cats"), 200, created.json), []);
  const got = await hs.request("GET", rule("content", "cats"), { token });
  t.strictSame(validateResponse("GET", rule("content", "cats"), 200, got.json), []);
  t.strictSame(got.json, { rule_id: "cats", default: false, enabled: true, actions: ["notify"], pattern: "cat*" });

  // New rules go first; before/after place them.
  await expectOk("dogs", await put("content", "dogs", { pattern: "dog", actions: [] }));
  t.strictSame(ids(await ruleset(hs, alice), "content"), ["dogs", "cats"]);
  await expectOk("birds", await put("content", "birds", { pattern: "bird", actions: [] }, "?after=cats"));
  t.strictSame(ids(await ruleset(hs, alice), "content"), ["dogs", "cats", "birds"]);
  await expectOk("fish", await put("content", "fish", { pattern: "fish", actions: [] }, "?before=cats"));
  t.strictSame(ids(await ruleset(hs, alice), "content"), ["dogs", "fish", "cats", "birds"]);
  // Replacing keeps the position and the enabled flag.
  await expectOk("disable", await hs.request("PUT", rule("content", "cats", "/enabled"), { token, body: { enabled: false } }));
  await expectOk("replace", await put("content", "cats", { pattern: "kitten", actions: ["notify"] }));
  const rs = await ruleset(hs, alice);
  t.strictSame(ids(rs, "content"), ["dogs", "fish", "cats", "birds"]);
  const cats = rs.content!.find((r) => r.rule_id === "cats") as unknown as { enabled: boolean; pattern: string };
  t.same([cats.enabled, cats.pattern], [false, "kitten"]);
  t.strictSame(validateResponse("GET", RULES, 200, { global: rs }), []);

  const enabled = await hs.request("GET", rule("content", "cats", "/enabled"), { token });
  t.strictSame(validateResponse("GET", rule("content", "cats", "/enabled"), 200, enabled.json), []);
  t.strictSame(enabled.json, { enabled: false });
  await expectOk("actions", await hs.request("PUT", rule("content", "cats", "/actions"), { token, body: { actions: ["notify", { set_tweak: "sound", value: "x" }] } }));
  const actions = await hs.request("GET", rule("content", "cats", "/actions"), { token });
  t.strictSame(validateResponse("GET", rule("content", "cats", "/actions"), 200, actions.json), []);
  t.strictSame(actions.json, { actions: ["notify", { set_tweak: "sound", value: "x" }] });

  // Override user rules sit after the master rule; room and sender rules are named after what they match.
  await expectOk("override", await put("override", "mine", { conditions: [{ kind: "event_match", key: "type", pattern: "m.x" }], actions: [] }));
  const overrides = (await ruleset(hs, alice)).override!.map((r) => r.rule_id);
  t.strictSame(overrides.slice(0, 2), [".m.rule.master", "mine"]);
  await expectOk("room rule", await put("room", "!abc:example.org", { actions: [] }));
  await expectOk("sender rule", await put("sender", "@bob:example.org", { actions: ["notify"] }));

  const deleted = await hs.request("DELETE", rule("content", "fish"), { token });
  t.equal(deleted.status, 200);
  t.strictSame(validateResponse("DELETE", rule("content", "fish"), 200, deleted.json), []);
  t.strictSame(ids(await ruleset(hs, alice), "content"), ["dogs", "cats", "birds"]);
  const gone = await hs.request("GET", rule("content", "fish"), { token });
  t.same([gone.status, gone.json.errcode], [404, "M_NOT_FOUND"]);

  // Another user's rules are their own.
  const bob = await hs.registerUser("bob");
  t.strictSame(ids(await ruleset(hs, bob), "content"), []);
});

await forEachDatabase(t, "server-default rules: enabled and actions change, no delete", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const token = alice.accessToken;
  const id = ".m.rule.suppress_notices";
  await expectOk("disable", await hs.request("PUT", rule("override", id, "/enabled"), { token, body: { enabled: false } }));
  t.strictSame((await hs.request("GET", rule("override", id, "/enabled"), { token })).json, { enabled: false });
  await expectOk("actions", await hs.request("PUT", rule("override", id, "/actions"), { token, body: { actions: ["notify"] } }));
  const got = await hs.request("GET", rule("override", id), { token });
  t.same([got.json.enabled, got.json.actions, got.json.default], [false, ["notify"], true]);

  const del = await hs.request("DELETE", rule("override", id), { token });
  t.same([del.status, del.json.errcode], [400, "M_INVALID_PARAM"]);
  t.strictSame(validateError(del.json), []);
  // Replacing a default rule is reserved too.
  const put = await hs.request("PUT", rule("override", id), { token, body: { actions: [] } });
  t.same([put.status, put.json.errcode], [400, "M_INVALID_PARAM"]);
  t.same((await hs.request("GET", rule("override", id), { token })).json.actions, ["notify"], "unchanged");
});

await forEachDatabase(t, "bad input: a Matrix error and no change", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const token = alice.accessToken;
  await expectOk("seed", await hs.request("PUT", rule("content", "a"), { token, body: { pattern: "a", actions: [] } }));
  const before = await ruleset(hs, alice);

  const cases: Array<[string, string, string, unknown, number, string]> = [
    ["unknown kind", "PUT", rule("nokind", "x"), { actions: [] }, 400, "M_INVALID_PARAM"],
    ["unknown kind GET", "GET", rule("nokind", "x"), undefined, 400, "M_INVALID_PARAM"],
    ["reserved dot ID", "PUT", rule("content", ".mine"), { pattern: "x", actions: [] }, 400, "M_INVALID_PARAM"],
    ["content without pattern", "PUT", rule("content", "b"), { actions: [] }, 400, "M_MISSING_PARAM"],
    ["bad action", "PUT", rule("content", "b"), { pattern: "b", actions: [42] }, 400, "M_BAD_JSON"],
    ["missing actions", "PUT", rule("content", "b"), { pattern: "b" }, 400, "M_MISSING_PARAM"],
    ["room rule not named after a room", "PUT", rule("room", "notaroom"), { actions: [] }, 400, "M_INVALID_PARAM"],
    ["unknown before anchor", "PUT", rule("content", "b") + "?before=nope", { pattern: "b", actions: [] }, 400, "M_UNKNOWN"],
    ["anchor on a default rule", "PUT", rule("override", "o") + "?after=.m.rule.master", { actions: [] }, 400, "M_UNKNOWN"],
    ["delete unknown", "DELETE", rule("content", "zzz"), undefined, 404, "M_NOT_FOUND"],
    ["enable unknown", "PUT", rule("content", "zzz", "/enabled"), { enabled: true }, 404, "M_NOT_FOUND"],
    ["enabled not boolean", "PUT", rule("content", "a", "/enabled"), { enabled: "yes" }, 400, "M_BAD_JSON"],
    ["actions not an array", "PUT", rule("content", "a", "/actions"), { actions: "notify" }, 400, "M_BAD_JSON"],
    ["actions of unknown", "PUT", rule("content", "zzz", "/actions"), { actions: [] }, 404, "M_NOT_FOUND"],
  ];
  for (const [what, method, path, body, status, errcode] of cases) {
    const res = await hs.request(method, path, { token, body });
    t.same([res.status, res.json.errcode], [status, errcode], what);
    t.strictSame(validateError(res.json), [], `${what}: error shape`);
  }
  t.strictSame(await ruleset(hs, alice), before, "nothing changed");
  const anon = await hs.request("GET", rule("content", "a"));
  t.same([anon.status, anon.json.errcode], [401, "M_MISSING_TOKEN"]);
});

await forEachDatabase(t, "a user rule changes highlight_count and incremental /sync sends m.push_rules", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const roomId = await createRoom(hs, alice);
  await invite(hs, alice, roomId, bob.userId);
  await membership(hs, bob, roomId, "join");
  await send(hs, alice, roomId, "pizza tonight?");

  const first = await sync(hs, bob);
  t.ok(first.account_data?.events?.some((e) => e.type === "m.push_rules"), "initial sync has m.push_rules");
  t.same(first.rooms?.join?.[roomId]?.unread_notifications, { notification_count: 1, highlight_count: 0 });

  const quiet = await sync(hs, bob, { since: first.next_batch, timeout: 0 });
  t.notOk(quiet.account_data?.events?.some((e) => e.type === "m.push_rules"), "unchanged rules are not sent again");

  await expectOk("rule", await hs.request("PUT", rule("content", "pizza"), {
    token: bob.accessToken,
    body: { pattern: "pizza", actions: ["notify", { set_tweak: "highlight" }] },
  }));
  const changed = await sync(hs, bob, { since: quiet.next_batch, timeout: 0 });
  const pushRules = changed.account_data?.events?.find((e) => e.type === "m.push_rules");
  const content = (pushRules?.content as { global: Ruleset } | undefined)?.global.content ?? [];
  t.ok(content.some((r) => r.rule_id === "pizza"), "incremental sync delivers the changed rules");

  await send(hs, alice, roomId, "more pizza");
  const after = await sync(hs, bob, { since: changed.next_batch, timeout: 0 });
  t.same(after.rooms?.join?.[roomId]?.unread_notifications, { notification_count: 2, highlight_count: 1 });

  // Disabling the rule stops highlights for new events.
  await expectOk("disable", await hs.request("PUT", rule("content", "pizza", "/enabled"), { token: bob.accessToken, body: { enabled: false } }));
  await send(hs, alice, roomId, "pizza again");
  const last = await sync(hs, bob, { since: after.next_batch, timeout: 0 });
  t.same(last.rooms?.join?.[roomId]?.unread_notifications, { notification_count: 3, highlight_count: 1 });
});

await forEachDatabase(t, "a rule change wakes a waiting /sync", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const first = await sync(hs, alice);
  const waiting = sync(hs, alice, { since: first.next_batch, timeout: 10000 });
  await new Promise((r) => setTimeout(r, 100));
  const started = Date.now();
  await expectOk("rule", await hs.request("PUT", rule("sender", "@x:example.org"), { token: alice.accessToken, body: { actions: [] } }));
  const res = await waiting;
  t.ok(Date.now() - started < 5000, "woken early");
  t.ok(res.account_data?.events?.some((e) => e.type === "m.push_rules"));
});
