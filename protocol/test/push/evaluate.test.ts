import t from "tap";
import { defaultPushRules } from "../../src/push/defaults.js";
import { evaluatePushRules, findMatchingPushRule, pushRuleMatches } from "../../src/push/evaluate.js";
import { mergePushRules } from "../../src/push/merge.js";
import { emptyStoredPushRules } from "../../src/push/stored.js";
import type { StoredPushRules } from "../../src/push/stored.js";
import { emptyPushRuleset } from "../../src/push/types.js";
import type { PushRule, PushRuleset } from "../../src/push/types.js";
import { ALICE, BOB, ROOM, makeCtx, makeEvent, message } from "./fixtures.js";

const rule = (rule_id: string, fields: Partial<PushRule> = {}): PushRule => ({ rule_id, default: false, enabled: true, actions: ["notify"], ...fields });
const ctx = makeCtx();

t.test("kinds are checked override, content, room, sender, underride", async (t) => {
  const all: PushRuleset = {
    override: [rule("o", { conditions: [{ kind: "event_match", key: "content.body", pattern: "override" }] })],
    content: [rule("c", { pattern: "content" })],
    room: [rule(ROOM)],
    sender: [rule(BOB)],
    underride: [rule("u", { conditions: [] })],
  };
  const kindFor = (body: string, set: PushRuleset) => findMatchingPushRule(set, message(body), ctx)?.kind;
  t.equal(kindFor("override content", all), "override");
  t.equal(kindFor("content", all), "content");
  t.equal(kindFor("nothing", all), "room");
  t.equal(kindFor("nothing", { ...all, room: [] }), "sender");
  t.equal(kindFor("nothing", { ...all, room: [], sender: [] }), "underride");
  t.equal(kindFor("nothing", { ...all, room: [], sender: [], underride: [] }), undefined);
});

t.test("within a kind the first matching rule wins", async (t) => {
  const set = emptyPushRuleset();
  set.content = [rule("tea", { pattern: "tea", actions: [] }), rule("time", { pattern: "time" })];
  t.equal(findMatchingPushRule(set, message("It's time for tea"), ctx)?.rule.rule_id, "tea");
  set.content.reverse();
  t.equal(findMatchingPushRule(set, message("It's time for tea"), ctx)?.rule.rule_id, "time");
});

t.test("room and sender rules match by rule ID", async (t) => {
  t.ok(pushRuleMatches("room", rule(ROOM), message("x"), ctx));
  t.notOk(pushRuleMatches("room", rule("!other:example.org"), message("x"), ctx));
  t.ok(pushRuleMatches("sender", rule(BOB), message("x"), ctx));
  t.notOk(pushRuleMatches("sender", rule("@carol:example.org"), message("x"), ctx));
});

t.test("content rules need a string body and a pattern", async (t) => {
  t.ok(pushRuleMatches("content", rule("c", { pattern: "cake*lie" }), message("the cake is a lie!"), ctx));
  t.notOk(pushRuleMatches("content", rule("c", { pattern: "cake" }), message("cakes"), ctx));
  t.notOk(pushRuleMatches("content", rule("c", { pattern: "cake" }), makeEvent({ content: { body: 1 } }), ctx));
  t.notOk(pushRuleMatches("content", rule("c", { pattern: "cake" }), makeEvent({ content: {} }), ctx));
  t.notOk(pushRuleMatches("content", rule("c"), message("cake"), ctx), "no pattern");
});

t.test("override and underride: all conditions must hold; none means always", async (t) => {
  const two = rule("two", { conditions: [{ kind: "event_match", key: "type", pattern: "m.room.message" }, { kind: "room_member_count", is: "<=10" }] });
  t.ok(pushRuleMatches("override", two, message("x"), makeCtx({ roomMemberCount: 10 })));
  t.notOk(pushRuleMatches("override", two, message("x"), makeCtx({ roomMemberCount: 11 })));
  t.ok(pushRuleMatches("underride", rule("none"), message("x"), ctx), "absent conditions");
  t.ok(pushRuleMatches("underride", rule("empty", { conditions: [] }), message("x"), ctx));
  t.notOk(pushRuleMatches("override", rule("unknown", { conditions: [{ kind: "org.example.future" }] }), message("x"), ctx), "an unknown condition disables the rule");
});

t.test("disabled rules never match", async (t) => {
  const set = emptyPushRuleset();
  set.override = [rule("off", { enabled: false, actions: [] })];
  set.underride = [rule("on")];
  t.equal(findMatchingPushRule(set, message("x"), ctx)?.rule.rule_id, "on");
  set.underride[0]!.enabled = false;
  t.equal(findMatchingPushRule(set, message("x"), ctx), undefined);
  t.same(evaluatePushRules(set, message("x"), ctx), []);
});

t.test("user rules beat defaults; master beats user rules", async (t) => {
  const defaults = defaultPushRules(ALICE);
  const stored: StoredPushRules = emptyStoredPushRules();
  stored.rules.override = [rule("mute-room", { conditions: [{ kind: "event_match", key: "room_id", pattern: ROOM }], actions: [] })];
  stored.rules.underride = [rule("loud", { actions: ["notify", { set_tweak: "sound", value: "loud" }] })];
  const mentioned = message("hi", { "m.mentions": { user_ids: [ALICE] } });
  const merged = () => mergePushRules(defaults, stored);
  t.equal(findMatchingPushRule(merged(), mentioned, ctx)?.rule.rule_id, "mute-room", "user override beats .m.rule.is_user_mention");
  t.same(evaluatePushRules(merged(), mentioned, ctx), []);
  stored.rules.override = [];
  t.same(evaluatePushRules(merged(), message("hi"), ctx), ["notify", { set_tweak: "sound", value: "loud" }], "user underride beats .m.rule.message");
  t.equal(findMatchingPushRule(merged(), mentioned, ctx)?.rule.rule_id, ".m.rule.is_user_mention", "default override still beats user underride");
  stored.rules.override = [rule("vip", { actions: ["notify", { set_tweak: "highlight" }] })];
  stored.defaults.override[".m.rule.master"] = { enabled: true };
  t.equal(findMatchingPushRule(merged(), mentioned, ctx)?.rule.rule_id, ".m.rule.master", "enabled master outranks user overrides");
  t.same(evaluatePushRules(merged(), mentioned, ctx), [], "and silences everything");
});

t.test("the user's own events never produce actions", async (t) => {
  const defaults = defaultPushRules(ALICE);
  const own = makeEvent({ sender: ALICE, content: { body: "hi", "m.mentions": { user_ids: [ALICE] } } });
  t.same(evaluatePushRules(defaults, own, ctx), []);
  t.equal(findMatchingPushRule(defaults, own, ctx)?.rule.rule_id, ".m.rule.is_user_mention", "matching itself is unaffected");
});

t.test("historical actions are stripped from the result", async (t) => {
  const set = emptyPushRuleset();
  set.underride = [rule("old", { actions: ["dont_notify"] })];
  t.same(evaluatePushRules(set, message("x"), ctx), [], "dont_notify equals no actions");
  set.underride = [rule("old", { actions: ["notify", "coalesce", { set_tweak: "sound", value: "default" }] })];
  t.same(evaluatePushRules(set, message("x"), ctx), ["notify", { set_tweak: "sound", value: "default" }]);
});

t.test("an event without content fails rules instead of throwing", async (t) => {
  const bare = { type: "m.room.message", sender: BOB, room_id: ROOM } as unknown as Parameters<typeof evaluatePushRules>[1];
  const defaults = defaultPushRules(ALICE);
  t.equal(findMatchingPushRule(defaults, bare, ctx)?.rule.rule_id, ".m.rule.message");
  t.notOk(pushRuleMatches("content", rule("c", { pattern: "*" }), bare, ctx));
  t.notOk(pushRuleMatches("override", rule("d", { conditions: [{ kind: "contains_display_name" }] }), bare, ctx));
});
