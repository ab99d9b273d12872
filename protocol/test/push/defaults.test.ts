import t from "tap";
import { defaultPushRules, LEGACY_MENTION_RULE_IDS, MASTER_RULE_ID } from "../../src/push/defaults.js";
import { evaluatePushRules, findMatchingPushRule, pushRuleMatches } from "../../src/push/evaluate.js";
import { notificationOf } from "../../src/push/actions.js";
import type { PushContext, PushEvent, PushRule, PushRuleset, RuleKind } from "../../src/push/types.js";
import { ALICE, BOB, makeCtx, makeEvent, message } from "./fixtures.js";

const rules = defaultPushRules(ALICE);
const ids = (list: PushRule[]) => list.map((r) => r.rule_id);
const ruleNamed = (kind: RuleKind, id: string): PushRule => {
  const rule = rules[kind].find((r: PushRule) => r.rule_id === id);
  if (!rule) throw new Error(`no ${id}`);
  return rule;
};
const winner = (event: PushEvent, ctx: PushContext = makeCtx(), set: PushRuleset = rules) =>
  findMatchingPushRule(set, event, ctx)?.rule.rule_id;

const sound = (value: string) => ({ set_tweak: "sound", value });
const highlight = { set_tweak: "highlight" };

t.test("the v1.16 predefined rules, in order, exactly", async (t) => {
  t.same(ids(rules.override), [
    ".m.rule.master",
    ".m.rule.suppress_notices",
    ".m.rule.invite_for_me",
    ".m.rule.member_event",
    ".m.rule.is_user_mention",
    ".m.rule.contains_display_name",
    ".m.rule.is_room_mention",
    ".m.rule.roomnotif",
    ".m.rule.tombstone",
    ".m.rule.reaction",
    ".m.rule.room.server_acl",
    ".m.rule.suppress_edits",
  ]);
  t.same(ids(rules.content), [".m.rule.contains_user_name"]);
  t.same(rules.room, []);
  t.same(rules.sender, []);
  t.same(ids(rules.underride), [
    ".m.rule.call",
    ".m.rule.encrypted_room_one_to_one",
    ".m.rule.room_one_to_one",
    ".m.rule.message",
    ".m.rule.encrypted",
  ]);
  const all = [...rules.override, ...rules.content, ...rules.underride];
  t.ok(all.every((r) => r.default === true && r.rule_id.startsWith(".")), "all are server-default");
  t.same(all.filter((r) => !r.enabled).map((r) => r.rule_id), [MASTER_RULE_ID], "only master starts disabled");
  t.strictSame(rules.override[0], { rule_id: ".m.rule.master", default: true, enabled: false, conditions: [], actions: [] });
});

t.test("definitions that depend on the user, and exact actions", async (t) => {
  t.strictSame(ruleNamed("override", ".m.rule.invite_for_me").conditions, [
    { kind: "event_match", key: "type", pattern: "m.room.member" },
    { kind: "event_match", key: "content.membership", pattern: "invite" },
    { kind: "event_match", key: "state_key", pattern: ALICE },
  ]);
  t.strictSame(ruleNamed("override", ".m.rule.is_user_mention").conditions, [
    { kind: "event_property_contains", key: "content.m\\.mentions.user_ids", value: ALICE },
  ]);
  t.strictSame(ruleNamed("override", ".m.rule.is_room_mention").conditions, [
    { kind: "event_property_is", key: "content.m\\.mentions.room", value: true },
    { kind: "sender_notification_permission", key: "room" },
  ]);
  t.strictSame(ruleNamed("override", ".m.rule.roomnotif").conditions, [
    { kind: "event_match", key: "content.body", pattern: "@room" },
    { kind: "sender_notification_permission", key: "room" },
  ]);
  t.strictSame(ruleNamed("override", ".m.rule.suppress_edits").conditions, [
    { kind: "event_property_is", key: "content.m\\.relates_to.rel_type", value: "m.replace" },
  ]);
  t.strictSame(ruleNamed("content", ".m.rule.contains_user_name"), {
    rule_id: ".m.rule.contains_user_name",
    default: true,
    enabled: true,
    pattern: "alice",
    actions: ["notify", sound("default"), highlight],
  });
  t.strictSame(ruleNamed("underride", ".m.rule.encrypted_room_one_to_one").conditions, [
    { kind: "room_member_count", is: "2" },
    { kind: "event_match", key: "type", pattern: "m.room.encrypted" },
  ]);
  const actions = (kind: RuleKind, id: string) => ruleNamed(kind, id).actions;
  t.strictSame(actions("override", ".m.rule.invite_for_me"), ["notify", sound("default")]);
  t.strictSame(actions("override", ".m.rule.is_user_mention"), ["notify", sound("default"), highlight]);
  t.strictSame(actions("override", ".m.rule.contains_display_name"), ["notify", sound("default"), highlight]);
  t.strictSame(actions("override", ".m.rule.is_room_mention"), ["notify", highlight]);
  t.strictSame(actions("override", ".m.rule.roomnotif"), ["notify", highlight]);
  t.strictSame(actions("override", ".m.rule.tombstone"), ["notify", highlight]);
  for (const id of [".m.rule.suppress_notices", ".m.rule.member_event", ".m.rule.reaction", ".m.rule.room.server_acl", ".m.rule.suppress_edits"]) {
    t.strictSame(actions("override", id), [], `${id} suppresses`);
  }
  t.strictSame(actions("underride", ".m.rule.call"), ["notify", sound("ring")]);
  t.strictSame(actions("underride", ".m.rule.encrypted_room_one_to_one"), ["notify", sound("default")]);
  t.strictSame(actions("underride", ".m.rule.room_one_to_one"), ["notify", sound("default")]);
  t.strictSame(actions("underride", ".m.rule.message"), ["notify"]);
  t.strictSame(actions("underride", ".m.rule.encrypted"), ["notify"]);
  t.equal(defaultPushRules("@bob.smith:example.org").content[0]?.pattern, "bob.smith", "localpart only");
  t.not(defaultPushRules(ALICE).override[0], defaultPushRules(ALICE).override[0], "fresh objects each call");
  t.same([...LEGACY_MENTION_RULE_IDS].sort(), [".m.rule.contains_display_name", ".m.rule.contains_user_name", ".m.rule.roomnotif"]);
});

t.test("which default rule wins for typical events", async (t) => {
  const cases: Array<[string, PushEvent, string | undefined, PushContext?]> = [
    ["plain message", message("hello"), ".m.rule.message"],
    ["notice", message("bot says hi", { msgtype: "m.notice" }), ".m.rule.suppress_notices"],
    ["notice that mentions alice is still suppressed", message("alice", { msgtype: "m.notice" }), ".m.rule.suppress_notices"],
    ["invite for alice", makeEvent({ type: "m.room.member", state_key: ALICE, content: { membership: "invite" } }), ".m.rule.invite_for_me"],
    ["invite for someone else", makeEvent({ type: "m.room.member", state_key: "@carol:example.org", content: { membership: "invite" } }), ".m.rule.member_event"],
    ["alice joins", makeEvent({ type: "m.room.member", state_key: ALICE, content: { membership: "join" } }), ".m.rule.member_event"],
    ["intentional user mention", message("hey", { "m.mentions": { user_ids: [ALICE] } }), ".m.rule.is_user_mention"],
    ["mention of someone else", message("hey", { "m.mentions": { user_ids: [BOB] } }), ".m.rule.message"],
    ["display name in body, legacy client", message("Alice Liddell: hi"), ".m.rule.contains_display_name"],
    ["display name in a longer word", message("Liddellish"), ".m.rule.message", makeCtx({ displayName: "Liddell" })],
    ["display name as a word", message("hi Liddell!"), ".m.rule.contains_display_name", makeCtx({ displayName: "Liddell" })],
    ["room mention by moderator", message("hi all", { "m.mentions": { room: true } }), ".m.rule.is_room_mention", makeCtx({ senderPowerLevel: 50 })],
    ["room mention by normal user", message("hi all", { "m.mentions": { room: true } }), ".m.rule.message"],
    ["legacy @room by moderator", message("@room hi"), ".m.rule.roomnotif", makeCtx({ senderPowerLevel: 50 })],
    ["legacy @room by normal user", message("@room hi"), ".m.rule.message"],
    ["@room with m.mentions but no room: true", message("@room hi", { "m.mentions": {} }), ".m.rule.message", makeCtx({ senderPowerLevel: 100 })],
    ["@room with room: false", message("@room hi", { "m.mentions": { room: false } }), ".m.rule.message", makeCtx({ senderPowerLevel: 100 })],
    ["tombstone", makeEvent({ type: "m.room.tombstone", state_key: "", content: { body: "moved", replacement_room: "!new:x" } }), ".m.rule.tombstone"],
    ["tombstone-typed message without state key", makeEvent({ type: "m.room.tombstone", content: {} }), undefined],
    ["reaction", makeEvent({ type: "m.reaction", content: { "m.relates_to": { rel_type: "m.annotation", event_id: "$x", key: "👍" } } }), ".m.rule.reaction"],
    ["server ACL", makeEvent({ type: "m.room.server_acl", state_key: "", content: { allow: ["*"] } }), ".m.rule.room.server_acl"],
    ["edit", message("* fixed", { "m.relates_to": { rel_type: "m.replace", event_id: "$x" }, "m.mentions": { user_ids: [BOB] } }), ".m.rule.suppress_edits"],
    ["edit that mentions alice intentionally", message("* hi", { "m.relates_to": { rel_type: "m.replace", event_id: "$x" }, "m.mentions": { user_ids: [ALICE] } }), ".m.rule.is_user_mention"],
    ["localpart in body, legacy client", message("ask alice about it"), ".m.rule.contains_user_name"],
    ["localpart inside a word", message("malice aforethought"), ".m.rule.message"],
    ["call invite", makeEvent({ type: "m.call.invite", content: { call_id: "1" } }), ".m.rule.call"],
    ["encrypted, 1:1", makeEvent({ type: "m.room.encrypted", content: { algorithm: "m.megolm.v1.aes-sha2" } }), ".m.rule.encrypted_room_one_to_one", makeCtx({ roomMemberCount: 2 })],
    ["encrypted, group", makeEvent({ type: "m.room.encrypted", content: { algorithm: "m.megolm.v1.aes-sha2" } }), ".m.rule.encrypted"],
    ["message, 1:1", message("hi"), ".m.rule.room_one_to_one", makeCtx({ roomMemberCount: 2 })],
    ["message, 3 members", message("hi"), ".m.rule.message", makeCtx({ roomMemberCount: 3 })],
    ["topic change", makeEvent({ type: "m.room.topic", state_key: "", content: { topic: "x" } }), undefined],
    ["custom event", makeEvent({ type: "org.example.thing", content: {} }), undefined],
  ];
  for (const [name, event, expected, ctx] of cases) t.equal(winner(event, ctx), expected, name);
});

t.test("legacy mention rules stand down when m.mentions is present", async (t) => {
  const legacy = (content: Record<string, unknown>) => makeEvent({ content: { msgtype: "m.text", ...content } as PushEvent["content"] });
  const mod = makeCtx({ senderPowerLevel: 100 });
  for (const mentions of [{}, { user_ids: [] }, { room: false }, null]) {
    const body = "Alice Liddell alice @room";
    const event = legacy({ body, "m.mentions": mentions });
    for (const id of [".m.rule.contains_display_name", ".m.rule.roomnotif"]) {
      t.notOk(pushRuleMatches("override", ruleNamed("override", id), event, mod), `${id} with m.mentions=${JSON.stringify(mentions)}`);
    }
    t.notOk(pushRuleMatches("content", ruleNamed("content", ".m.rule.contains_user_name"), event, mod), `contains_user_name with m.mentions=${JSON.stringify(mentions)}`);
    t.same(notificationOf(evaluatePushRules(rules, event, mod)), { notify: true, highlight: false, tweaks: {} }, "falls through to .m.rule.message");
  }
  const without = legacy({ body: "Alice Liddell alice @room" });
  t.ok(pushRuleMatches("override", ruleNamed("override", ".m.rule.contains_display_name"), without, mod));
  t.ok(pushRuleMatches("override", ruleNamed("override", ".m.rule.roomnotif"), without, mod));
  t.ok(pushRuleMatches("content", ruleNamed("content", ".m.rule.contains_user_name"), without, mod));
  const nested = legacy({ body: "alice", "m.new_content": { "m.mentions": {} } });
  t.equal(winner(nested), ".m.rule.contains_user_name", "only a top-level content m.mentions counts");
  const userRule: PushRule = { rule_id: "mine", default: false, enabled: true, conditions: [{ kind: "contains_display_name" }], actions: ["notify"] };
  t.ok(pushRuleMatches("override", userRule, legacy({ body: "Alice Liddell", "m.mentions": {} }), mod), "user rules using the same condition are unaffected");
});

t.test("notification outcomes of the defaults", async (t) => {
  const outcome = (event: PushEvent, ctx = makeCtx()) => notificationOf(evaluatePushRules(rules, event, ctx));
  t.same(outcome(message("hi", { "m.mentions": { user_ids: [ALICE] } })), { notify: true, highlight: true, sound: "default", tweaks: { sound: "default", highlight: true } });
  t.same(outcome(message("hi", { "m.mentions": { room: true } }), makeCtx({ senderPowerLevel: 50 })), { notify: true, highlight: true, tweaks: { highlight: true } });
  t.same(outcome(message("@room", { "m.mentions": { user_ids: [] } }), makeCtx({ senderPowerLevel: 50 })), { notify: true, highlight: false, tweaks: {} }, "an @room without room: true does not highlight");
  t.same(outcome(message("hi")), { notify: true, highlight: false, tweaks: {} });
  t.same(outcome(makeEvent({ type: "m.call.invite", content: {} })), { notify: true, highlight: false, sound: "ring", tweaks: { sound: "ring" } });
  t.same(outcome(message("bot", { msgtype: "m.notice" })), { notify: false, highlight: false, tweaks: {} });
});
