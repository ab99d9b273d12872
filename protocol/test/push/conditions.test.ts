import t from "tap";
import { conditionMatches, isPushScalar, notificationLevel, parseMemberCount } from "../../src/push/conditions.js";
import type { PushCondition } from "../../src/push/types.js";
import { makeCtx, makeEvent, message } from "./fixtures.js";

const ctx = makeCtx();
const matches = (condition: PushCondition, event = message("hello"), context = ctx): boolean =>
  conditionMatches(condition, event, context);

t.test("event_match: whole value, case-insensitive, strings only", async (t) => {
  const topic = (value: unknown) => makeEvent({ type: "m.room.topic", state_key: "", content: { topic: value as string } });
  const cond: PushCondition = { kind: "event_match", key: "content.topic", pattern: "lunc?*" };
  t.ok(matches(cond, topic("Lunch plans")));
  t.ok(matches(cond, topic("LUNCH")));
  t.notOk(matches(cond, topic(" lunch")));
  t.notOk(matches(cond, topic("lunc")));
  t.notOk(matches(cond, topic(null)), "null is not a string");
  t.notOk(matches({ kind: "event_match", key: "content.topic", pattern: "*" }, topic(7)), "* does not match a number");
  t.notOk(matches({ kind: "event_match", key: "content.nope", pattern: "*" }), "absent property never matches, even with *");
  t.ok(matches({ kind: "event_match", key: "type", pattern: "m.room.message" }));
  t.ok(matches({ kind: "event_match", key: "state_key", pattern: "" }, makeEvent({ state_key: "" })));
  t.notOk(matches({ kind: "event_match", key: "state_key", pattern: "" }, makeEvent()), "no state_key at all");
});

t.test("event_match on content.body is word-bounded", async (t) => {
  const cond: PushCondition = { kind: "event_match", key: "content.body", pattern: "ex*ple" };
  t.ok(matches(cond, message("An example event.")));
  t.ok(matches(cond, message("exple")));
  t.ok(matches(cond, message("An exciting triple-whammy")));
  t.notOk(matches(cond, message("counterexample")));
  const other: PushCondition = { kind: "event_match", key: "content.formatted_body", pattern: "ex*ple" };
  t.notOk(matches(other, message("x", { formatted_body: "An example event." })), "other keys match the whole value");
  t.ok(matches(other, message("x", { formatted_body: "example" })));
});

t.test("event_match with escaped dotted keys", async (t) => {
  const ev = message("x", { "m.relates_to": { rel_type: "m.thread" }, "a\\b": "yes" });
  t.ok(matches({ kind: "event_match", key: "content.m\\.relates_to.rel_type", pattern: "m.thread" }, ev));
  t.notOk(matches({ kind: "event_match", key: "content.m.relates_to.rel_type", pattern: "m.thread" }, ev));
  t.ok(matches({ kind: "event_match", key: "content.a\\\\b", pattern: "yes" }, ev));
  t.ok(matches({ kind: "event_match", key: "content.a\\b", pattern: "yes" }, ev), "\\b is not an escape, so it names a\\b too");
});

t.test("event_property_is compares exact scalars without casting", async (t) => {
  const create = makeEvent({ type: "m.room.create", state_key: "", content: { "m.federate": true, n: 1, s: "true", z: null, f: 1.5, o: {}, a: [] } });
  const is = (key: string, value: unknown): PushCondition => ({ kind: "event_property_is", key, value } as PushCondition);
  t.ok(matches(is("content.m\\.federate", true), create));
  t.notOk(matches(is("content.m\\.federate", "true"), create), "string is not boolean");
  t.notOk(matches(is("content.m\\.federate", 1), create), "no casting");
  t.ok(matches(is("content.n", 1), create));
  t.notOk(matches(is("content.n", true), create));
  t.ok(matches(is("content.s", "true"), create));
  t.notOk(matches(is("content.s", "TRUE"), create), "exact, not case-insensitive");
  t.ok(matches(is("content.z", null), create));
  t.notOk(matches(is("content.missing", null), create), "absent is not null");
  t.notOk(matches(is("content.f", 1.5), create), "floats are not canonical JSON");
  t.notOk(matches(is("content.o", {}), create), "compound values never match");
  t.notOk(matches(is("content.a", []), create));
  t.notOk(matches({ kind: "event_property_is", key: "content.n" } as unknown as PushCondition, create), "missing value");
});

t.test("event_property_contains looks for an exact scalar in an array", async (t) => {
  const ev = makeEvent({ content: { alt_aliases: ["#somewhere:example.org", "#myroom:example.com", 3, null, { x: 1 }, ["#nested:x"]], s: "#myroom:example.com" } });
  const has = (key: string, value: unknown): PushCondition => ({ kind: "event_property_contains", key, value } as PushCondition);
  t.ok(matches(has("content.alt_aliases", "#myroom:example.com"), ev));
  t.notOk(matches(has("content.alt_aliases", ":example.com"), ev), "partial values do not match");
  t.ok(matches(has("content.alt_aliases", 3), ev));
  t.ok(matches(has("content.alt_aliases", null), ev));
  t.notOk(matches(has("content.alt_aliases", "#nested:x"), ev), "nested arrays are ignored");
  t.notOk(matches(has("content.alt_aliases", "3"), ev));
  t.notOk(matches(has("content.s", "#myroom:example.com"), ev), "not an array");
  t.notOk(matches(has("content.missing", "x"), ev));
});

t.test("contains_display_name", async (t) => {
  const cond: PushCondition = { kind: "contains_display_name" };
  t.ok(matches(cond, message("hey alice liddell, lunch?")));
  t.notOk(matches(cond, message("hey Alice Liddellson")), "inside a longer word");
  t.notOk(matches(cond, message("hey Alice")), "the whole name is needed");
  t.notOk(matches(cond, message("hey Alice Liddell"), makeCtx({ displayName: "" })), "empty name");
  t.notOk(matches(cond, message("hey Alice Liddell"), makeCtx({ displayName: undefined })), "no name");
  t.notOk(matches(cond, makeEvent({ content: { body: 5 } })), "non-string body");
  t.ok(matches(cond, message("ping *star*"), makeCtx({ displayName: "*star*" })), "name taken literally");
  t.notOk(matches(cond, message("ping xstarx"), makeCtx({ displayName: "*star*" })));
});

t.test("room_member_count", async (t) => {
  const count = (is: string, members: number) => matches({ kind: "room_member_count", is }, message("x"), makeCtx({ roomMemberCount: members }));
  t.ok(count("2", 2));
  t.notOk(count("2", 3));
  t.ok(count("==2", 2));
  t.ok(count("<10", 9));
  t.notOk(count("<10", 10));
  t.ok(count("<=10", 10));
  t.notOk(count("<=10", 11));
  t.ok(count(">2", 3));
  t.notOk(count(">2", 2));
  t.ok(count(">=2", 2));
  t.notOk(count(">=2", 1));
  for (const bad of ["", "=2", "!=2", " 2", "2.0", "-1", "two", "<", "99999999999999999999"]) {
    t.notOk(count(bad, 2), `malformed ${JSON.stringify(bad)} never matches`);
    t.equal(parseMemberCount(bad), undefined);
  }
  t.notOk(matches({ kind: "room_member_count" } as unknown as PushCondition), "missing is");
});

t.test("sender_notification_permission", async (t) => {
  const cond: PushCondition = { kind: "sender_notification_permission", key: "room" };
  const at = (level: number, levels: Record<string, number> = {}) =>
    matches(cond, message("x"), makeCtx({ senderPowerLevel: level, notificationPowerLevels: levels }));
  t.notOk(at(49), "room defaults to 50");
  t.ok(at(50));
  t.ok(at(0, { room: 0 }));
  t.notOk(at(99, { room: 100 }));
  t.ok(at(100, { room: 100 }));
  const custom: PushCondition = { kind: "sender_notification_permission", key: "custom" };
  t.notOk(matches(custom, message("x"), makeCtx({ senderPowerLevel: 100 })), "undefined key: no level, no match");
  t.ok(matches(custom, message("x"), makeCtx({ senderPowerLevel: 10, notificationPowerLevels: { custom: 10 } })));
  t.equal(notificationLevel("room", {}), 50);
  t.equal(notificationLevel("room", { room: 20 }), 20);
  t.equal(notificationLevel("toString", {}), undefined, "prototype members are not levels");
});

t.test("unknown or malformed conditions never match", async (t) => {
  t.notOk(matches({ kind: "related_event_match", key: "type", pattern: "*" }));
  t.notOk(matches({ kind: "event_match", key: "type" } as unknown as PushCondition));
  t.notOk(matches({ kind: "event_match", pattern: "*" } as unknown as PushCondition));
  t.notOk(matches({ kind: "sender_notification_permission" } as unknown as PushCondition, message("x"), makeCtx({ senderPowerLevel: 100 })));
});

t.test("isPushScalar", async (t) => {
  for (const ok of ["", "x", 0, -1, 2 ** 53 - 1, -(2 ** 53) + 1, true, false, null]) t.ok(isPushScalar(ok), JSON.stringify(ok));
  for (const bad of [1.5, 2 ** 53, NaN, Infinity, {}, [], undefined]) t.notOk(isPushScalar(bad), String(bad));
});
