import t from "tap";
import { defaultPushRules } from "../../src/push/defaults.js";
import { mergePushRules } from "../../src/push/merge.js";
import { defaultRuleChange, emptyStoredPushRules } from "../../src/push/stored.js";
import type { PushRule } from "../../src/push/types.js";
import { ALICE } from "./fixtures.js";

const user = (rule_id: string, extra: Partial<PushRule> = {}): PushRule => ({ rule_id, default: false, enabled: true, actions: ["notify"], ...extra });
const ids = (rules: PushRule[]) => rules.map((r) => r.rule_id);

t.test("empty storage gives the defaults", async (t) => {
  t.same(mergePushRules(defaultPushRules(ALICE), emptyStoredPushRules()), defaultPushRules(ALICE));
});

t.test("user rules go before defaults, master before everything", async (t) => {
  const stored = emptyStoredPushRules();
  stored.rules.override = [user("o1", { conditions: [] }), user("o2", { conditions: [] })];
  stored.rules.content = [user("c1", { pattern: "cake" })];
  stored.rules.room = [user("!r:x")];
  stored.rules.sender = [user("@s:x")];
  stored.rules.underride = [user("u1", { conditions: [] })];
  const merged = mergePushRules(defaultPushRules(ALICE), stored);
  t.same(ids(merged.override).slice(0, 4), [".m.rule.master", "o1", "o2", ".m.rule.suppress_notices"]);
  t.equal(merged.override.length, 14);
  t.same(ids(merged.content), ["c1", ".m.rule.contains_user_name"]);
  t.same(ids(merged.room), ["!r:x"]);
  t.same(ids(merged.sender), ["@s:x"]);
  t.same(ids(merged.underride), ["u1", ".m.rule.call", ".m.rule.encrypted_room_one_to_one", ".m.rule.room_one_to_one", ".m.rule.message", ".m.rule.encrypted"]);
});

t.test("changes to defaults are applied; the result is a copy", async (t) => {
  const defaults = defaultPushRules(ALICE);
  const stored = emptyStoredPushRules();
  stored.defaults.override[".m.rule.master"] = { enabled: true };
  stored.defaults.underride[".m.rule.message"] = { actions: [] };
  stored.defaults.content[".m.rule.contains_user_name"] = { enabled: false, actions: ["notify"] };
  const merged = mergePushRules(defaults, stored);
  t.strictSame(merged.override[0], { rule_id: ".m.rule.master", default: true, enabled: true, conditions: [], actions: [] });
  t.strictSame(merged.underride[3], { rule_id: ".m.rule.message", default: true, enabled: true, conditions: [{ kind: "event_match", key: "type", pattern: "m.room.message" }], actions: [] });
  t.strictSame(merged.content[0], { rule_id: ".m.rule.contains_user_name", default: true, enabled: false, pattern: "alice", actions: ["notify"] });
  merged.override[1]!.actions.push("notify");
  t.same(defaults.override[1]!.actions, [], "defaults untouched");
  t.equal(defaultRuleChange(stored, "override", "constructor"), undefined, "only own keys are changes");
  t.same(defaultRuleChange(stored, "override", ".m.rule.master"), { enabled: true });
});
