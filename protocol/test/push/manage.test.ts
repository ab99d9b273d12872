import t from "tap";
import { defaultPushRules } from "../../src/push/defaults.js";
import {
  deletePushRule,
  getPushRule,
  putPushRule,
  setPushRuleActions,
  setPushRuleEnabled,
} from "../../src/push/manage.js";
import { mergePushRules } from "../../src/push/merge.js";
import { emptyStoredPushRules } from "../../src/push/stored.js";
import type { StoredPushRules } from "../../src/push/stored.js";
import type { PushRule, RuleKind } from "../../src/push/types.js";
import { ALICE, pushError } from "./fixtures.js";

const defaults = defaultPushRules(ALICE);
const ids = (stored: StoredPushRules, kind: RuleKind) => stored.rules[kind].map((r: PushRule) => r.rule_id);
const notify = { actions: ["notify" as const] };
const put = (stored: StoredPushRules, id: string, placement = {}) =>
  putPushRule(stored, "content", id, { ...notify, pattern: id }, placement);

t.test("putPushRule creates enabled user rules, newest first", async (t) => {
  const empty = emptyStoredPushRules();
  const one = putPushRule(empty, "content", "cake", { actions: ["notify", { set_tweak: "sound", value: "cakealarm.wav" }], pattern: "cake" });
  t.strictSame(one.rules.content, [{ rule_id: "cake", default: false, enabled: true, actions: ["notify", { set_tweak: "sound", value: "cakealarm.wav" }], pattern: "cake" }]);
  t.same(empty.rules.content, [], "input untouched");
  const two = put(one, "beer");
  t.same(ids(two, "content"), ["beer", "cake"], "new rule is the most important user rule");
  t.strictSame(putPushRule(empty, "override", "o", { actions: [] }).rules.override, [{ rule_id: "o", default: false, enabled: true, actions: [], conditions: [] }]);
  t.strictSame(putPushRule(empty, "room", "!r:x", { actions: [], conditions: [], pattern: "x" }).rules.room, [{ rule_id: "!r:x", default: false, enabled: true, actions: [] }], "room rules keep no conditions or pattern");
  t.same(putPushRule(empty, "sender", "@spam:x", { actions: ["dont_notify"] }).rules.sender[0]?.actions, [], "historical actions stripped");
  t.throws(() => putPushRule(empty, "content", "p", { actions: [] }), pushError("M_MISSING_PARAM", 400, "pattern"));
});

t.test("before and after place relative to user rules", async (t) => {
  let s = put(put(put(emptyStoredPushRules(), "c"), "b"), "a");
  t.same(ids(s, "content"), ["a", "b", "c"]);
  s = put(s, "x", { before: "b" });
  t.same(ids(s, "content"), ["a", "x", "b", "c"]);
  s = put(s, "y", { after: "c" });
  t.same(ids(s, "content"), ["a", "x", "b", "c", "y"]);
  s = put(s, "z", { after: "a" });
  t.same(ids(s, "content"), ["a", "z", "x", "b", "c", "y"]);
  s = put(s, "w", { before: "a", after: "c" });
  t.same(ids(s, "content"), ["w", "a", "z", "x", "b", "c", "y"], "before wins over after");
  t.throws(() => put(s, "v", { before: "nope" }), pushError("M_UNKNOWN", 400, "before/after rule not found: nope"));
  t.throws(() => put(s, "v", { after: "nope" }), pushError("M_UNKNOWN", 400, "before/after rule not found: nope"));
  t.throws(() => put(s, "v", { before: ".m.rule.contains_user_name" }), pushError("M_UNKNOWN", 400, "server-default"));
  t.throws(() => put(s, "a", { before: "a" }), pushError("M_UNKNOWN", 400, "not found: a"), "cannot anchor on itself");
  t.throws(() => putPushRule(s, "underride", "u", notify, { before: "a" }), pushError("M_UNKNOWN", 400, "not found: a"), "anchors are per kind");
});

t.test("replacing a rule keeps its place and enabled flag unless moved", async (t) => {
  let s = put(put(put(emptyStoredPushRules(), "c"), "b"), "a");
  s = setPushRuleEnabled(defaults, s, "content", "b", false);
  s = putPushRule(s, "content", "b", { actions: [], pattern: "bee" });
  t.same(ids(s, "content"), ["a", "b", "c"]);
  t.strictSame(s.rules.content[1], { rule_id: "b", default: false, enabled: false, actions: [], pattern: "bee" });
  s = put(s, "b", { after: "c" });
  t.same(ids(s, "content"), ["a", "c", "b"]);
  t.equal(s.rules.content.length, 3, "no duplicates");
});

t.test("reserved and malformed IDs are refused", async (t) => {
  const s = emptyStoredPushRules();
  t.throws(() => putPushRule(s, "override", ".m.rule.master", { actions: [], conditions: [] }), pushError("M_INVALID_PARAM", 400, "reserved"));
  t.throws(() => putPushRule(s, "override", "a/b", { actions: [] }), pushError("M_INVALID_PARAM", 400, "must not contain"));
  t.throws(() => putPushRule(s, "room", "not-a-room", { actions: [] }), pushError("M_INVALID_PARAM", 400, "room ID"));
});

t.test("getPushRule sees user rules and changed defaults", async (t) => {
  let s = put(emptyStoredPushRules(), "cake");
  t.strictSame(getPushRule(defaults, s, "content", "cake"), { rule_id: "cake", default: false, enabled: true, actions: ["notify"], pattern: "cake" });
  t.equal(getPushRule(defaults, s, "override", ".m.rule.master").enabled, false);
  s = setPushRuleEnabled(defaults, s, "override", ".m.rule.master", true);
  t.equal(getPushRule(defaults, s, "override", ".m.rule.master").enabled, true);
  t.throws(() => getPushRule(defaults, s, "override", "cake"), pushError("M_NOT_FOUND", 404, "no override push rule with ID cake"), "kind matters");
  t.throws(() => getPushRule(defaults, s, "room", "!nope:x"), pushError("M_NOT_FOUND", 404, "!nope:x"));
});

t.test("deletePushRule removes user rules only", async (t) => {
  const s = put(put(emptyStoredPushRules(), "a"), "b");
  t.same(ids(deletePushRule(defaults, s, "content", "a"), "content"), ["b"]);
  t.same(ids(s, "content"), ["b", "a"], "input untouched");
  t.throws(() => deletePushRule(defaults, s, "content", ".m.rule.contains_user_name"), pushError("M_INVALID_PARAM", 400, "cannot be deleted"));
  t.throws(() => deletePushRule(defaults, s, "content", "zzz"), pushError("M_NOT_FOUND", 404, "zzz"));
  t.throws(() => deletePushRule(defaults, s, "override", "a"), pushError("M_NOT_FOUND", 404, "no override push rule"));
});

t.test("setPushRuleEnabled and setPushRuleActions", async (t) => {
  let s = put(emptyStoredPushRules(), "cake");
  s = setPushRuleEnabled(defaults, s, "content", "cake", false);
  t.equal(s.rules.content[0]?.enabled, false);
  s = setPushRuleActions(defaults, s, "content", "cake", ["notify", "coalesce", { set_tweak: "highlight" }]);
  t.same(s.rules.content[0]?.actions, ["notify", { set_tweak: "highlight" }]);

  s = setPushRuleActions(defaults, s, "underride", ".m.rule.message", []);
  s = setPushRuleEnabled(defaults, s, "override", ".m.rule.suppress_notices", false);
  t.same(s.defaults.underride, { ".m.rule.message": { actions: [] } });
  t.same(s.defaults.override, { ".m.rule.suppress_notices": { enabled: false } });
  const merged = mergePushRules(defaults, s);
  t.same(merged.underride.find((r: PushRule) => r.rule_id === ".m.rule.message")?.actions, []);
  t.equal(merged.override.find((r: PushRule) => r.rule_id === ".m.rule.suppress_notices")?.enabled, false);

  s = setPushRuleEnabled(defaults, s, "underride", ".m.rule.message", false);
  t.same(s.defaults.underride, { ".m.rule.message": { actions: [], enabled: false } }, "changes accumulate");
  s = setPushRuleActions(defaults, s, "underride", ".m.rule.message", ["notify"]);
  t.same(s.defaults.underride, { ".m.rule.message": { enabled: false } }, "setting the default value back forgets the change");
  s = setPushRuleEnabled(defaults, s, "underride", ".m.rule.message", true);
  s = setPushRuleEnabled(defaults, s, "override", ".m.rule.suppress_notices", true);
  t.same(s.defaults, { override: {}, content: {}, room: {}, sender: {}, underride: {} }, "back to nothing stored");

  t.throws(() => setPushRuleEnabled(defaults, s, "room", "!nope:x", true), pushError("M_NOT_FOUND", 404, "!nope:x"));
  t.throws(() => setPushRuleActions(defaults, s, "override", ".m.rule.message", []), pushError("M_NOT_FOUND", 404, "no override push rule"));
});
