/**
 * Ward's server-default push rules: Matrix's, untouched except that
 * membership changes and topic changes notify, through underride rules that
 * every user rule (room mute, override) outranks. Evaluated with protocol's
 * functions, as the event writer does.
 */
import t from "tap";
import { defaultPushRules, emptyStoredPushRules, evaluatePushRules, mergePushRules, notificationOf, type PushEvent } from "@ward/protocol";
import { pushRulesOf, wardDefaultPushRules } from "../../../src/services/rooms/push-rules-source.js";

const BOB = "@bob:ward.test";
const ROOM = "!room:ward.test";
const ctx = { userId: BOB, roomMemberCount: 3, senderPowerLevel: 0, notificationPowerLevels: {} };

function member(target: string, membership: string, prev?: string, sender = target): PushEvent {
  return {
    type: "m.room.member", sender, room_id: ROOM, state_key: target, content: { membership },
    ...(prev !== undefined && { unsigned: { prev_content: { membership: prev } } }),
  };
}

const outcome = (event: PushEvent, rules = wardDefaultPushRules(BOB)) => {
  const { notify, highlight } = notificationOf(evaluatePushRules(rules, event, ctx));
  return highlight ? "orange" : notify ? "blue" : "quiet";
};

t.test("Matrix's rules with Ward's three additions and member_event off", async (t) => {
  const ward = wardDefaultPushRules(BOB);
  const matrix = defaultPushRules(BOB);
  t.strictSame(ward.underride.map((r) => r.rule_id), [
    ".org.ward.rule.member_profile", ".org.ward.rule.member_event", ".org.ward.rule.topic", ...matrix.underride.map((r) => r.rule_id),
  ]);
  t.strictSame(ward.override.map((r) => [r.rule_id, r.enabled]), matrix.override.map((r) => [r.rule_id, r.rule_id === ".m.rule.member_event" ? false : r.enabled]));
  t.strictSame([ward.content, ward.room, ward.sender], [matrix.content, matrix.room, matrix.sender]);
  t.ok(ward.underride.every((r) => r.default && r.enabled), "default rules, on");
  t.equal(defaultPushRules(BOB).override.find((r) => r.rule_id === ".m.rule.member_event")?.enabled, true, "protocol's defaults stay the spec's");
});

t.test("what notifies under Ward's defaults", async (t) => {
  const alice = "@alice:ward.test";
  t.equal(outcome(member(alice, "join", "invite")), "blue", "a join");
  t.equal(outcome(member(alice, "join")), "blue", "a first join");
  t.equal(outcome(member(alice, "leave", "join")), "blue", "a leave");
  t.equal(outcome(member(alice, "ban", "join", "@carol:ward.test")), "blue", "a ban");
  t.equal(outcome(member(alice, "join", "join")), "quiet", "a display name or avatar change");
  t.equal(outcome(member(BOB, "invite", undefined, alice)), "blue", "an invite for bob (.m.rule.invite_for_me)");
  t.equal(outcome({ type: "m.room.topic", sender: alice, room_id: ROOM, state_key: "", content: { topic: "x" } }), "blue", "a topic change");
  t.equal(outcome({ type: "m.room.topic", sender: alice, room_id: ROOM, state_key: "x", content: { topic: "x" } }), "quiet", "not a room topic");
  t.equal(outcome({ type: "m.room.name", sender: alice, room_id: ROOM, state_key: "", content: { name: "x" } }), "quiet");
  t.equal(outcome(member(BOB, "join", "invite")), "quiet", "never one's own event");

  const muted = mergePushRules(wardDefaultPushRules(BOB), { ...emptyStoredPushRules(), rules: { ...emptyStoredPushRules().rules, room: [{ rule_id: ROOM, default: false, enabled: true, actions: [] }] } });
  t.equal(outcome(member(alice, "join", "invite"), muted), "quiet", "a muted room's joins");
});

/** pushRulesOf against a stand-in executor returning these stored rows. */
function storedRows(rows: Array<{ user_id: string; rules_json: string; stream_pos: number }>) {
  return { atRest: undefined as never, exec: async () => {}, query: async () => rows as never[] };
}

t.test("merged rulesets are built once per user and stored text, shared frozen", async (t) => {
  const carol = "@carol:ward.test";
  const none = storedRows([]);
  const first = (await pushRulesOf(none, [BOB, carol])).get(BOB)!;
  t.equal((await pushRulesOf(none, [BOB])).get(BOB), first, "the same object the second time");
  t.strictSame(first, mergePushRules(wardDefaultPushRules(BOB), emptyStoredPushRules()), "what merging gives");
  t.ok(Object.isFrozen(first) && Object.isFrozen(first.override[0]), "frozen all the way down");
  t.throws(() => (first.override as unknown[]).push({}));

  const stored = emptyStoredPushRules();
  stored.defaults.underride[".org.ward.rule.topic"] = { enabled: false };
  const changed = (await pushRulesOf(storedRows([{ user_id: BOB, rules_json: JSON.stringify(stored), stream_pos: 9 }]), [BOB])).get(BOB)!;
  t.not(changed, first, "a change to the stored rules is a new ruleset");
  t.equal(changed.underride.find((r) => r.rule_id === ".org.ward.rule.topic")?.enabled, false);
  t.equal((await pushRulesOf(none, [BOB])).get(BOB), first, "and the defaults are still there for the old text");
});
