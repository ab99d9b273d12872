import t from "tap";
import {
  parseRuleKind,
  validatePushActions,
  validatePushCondition,
  validatePushRuleBody,
  validateUserRuleId,
} from "../../src/push/validate.js";
import { PushRuleError } from "../../src/push/errors.js";
import { pushError } from "./fixtures.js";

t.test("PushRuleError is an Error subclass carrying errcode and status", async (t) => {
  const err = new PushRuleError("M_NOT_FOUND", "gone");
  t.ok(err instanceof Error);
  t.ok(err instanceof PushRuleError);
  t.equal(err.name, "PushRuleError");
  t.equal(err.status, 404);
  t.equal(new PushRuleError("M_UNKNOWN", "x").status, 400);
  t.equal(new PushRuleError("M_MISSING_PARAM", "x").status, 400);
  t.equal(new PushRuleError("M_INVALID_PARAM", "x").status, 400);
});

t.test("parseRuleKind", async (t) => {
  for (const kind of ["override", "content", "room", "sender", "underride"]) t.equal(parseRuleKind(kind), kind);
  t.throws(() => parseRuleKind("global"), pushError("M_INVALID_PARAM", 400, "unknown push rule kind"));
  t.throws(() => parseRuleKind("Override"), pushError("M_INVALID_PARAM", 400, "unknown push rule kind"));
});

t.test("validatePushActions", async (t) => {
  t.same(validatePushActions([]), []);
  t.same(validatePushActions(["notify", { set_tweak: "sound", value: "default" }, { set_tweak: "highlight" }, { set_tweak: "highlight", value: false }]), [
    "notify",
    { set_tweak: "sound", value: "default" },
    { set_tweak: "highlight" },
    { set_tweak: "highlight", value: false },
  ]);
  t.same(validatePushActions(["dont_notify", "notify", "coalesce"]), ["notify"], "historical actions stripped");
  t.same(validatePushActions([{ set_tweak: "org.example.led", value: { colour: "blue" }, extra: 1 }]), [{ set_tweak: "org.example.led", value: { colour: "blue" } }], "custom tweak kept, unknown keys dropped");
  t.throws(() => validatePushActions(undefined), pushError("M_MISSING_PARAM", 400, "actions"));
  t.throws(() => validatePushActions("notify"), pushError("M_INVALID_PARAM", 400, "must be an array"));
  t.throws(() => validatePushActions(["notify", "beep"]), pushError("M_INVALID_PARAM", 400, "actions[1]: unknown action \"beep\""));
  t.throws(() => validatePushActions([{ value: 1 }]), pushError("M_INVALID_PARAM", 400, "set_tweak"));
  t.throws(() => validatePushActions([5]), pushError("M_INVALID_PARAM", 400, "actions[0]"));
  t.throws(() => validatePushActions([{ set_tweak: "sound" }]), pushError("M_INVALID_PARAM", 400, "sound tweak needs a string"));
  t.throws(() => validatePushActions([{ set_tweak: "sound", value: 1 }]), pushError("M_INVALID_PARAM", 400, "sound tweak needs a string"));
  t.throws(() => validatePushActions([{ set_tweak: "highlight", value: "yes" }]), pushError("M_INVALID_PARAM", 400, "must be a boolean"));
});

t.test("validatePushCondition", async (t) => {
  t.same(validatePushCondition({ kind: "event_match", key: "type", pattern: "m.*", junk: 1 }, 0), { kind: "event_match", key: "type", pattern: "m.*" });
  t.same(validatePushCondition({ kind: "event_property_is", key: "content.x", value: null }, 0), { kind: "event_property_is", key: "content.x", value: null });
  t.same(validatePushCondition({ kind: "event_property_contains", key: "content.x", value: 3 }, 0), { kind: "event_property_contains", key: "content.x", value: 3 });
  t.same(validatePushCondition({ kind: "contains_display_name" }, 0), { kind: "contains_display_name" });
  t.same(validatePushCondition({ kind: "room_member_count", is: ">=3" }, 0), { kind: "room_member_count", is: ">=3" });
  t.same(validatePushCondition({ kind: "sender_notification_permission", key: "room" }, 0), { kind: "sender_notification_permission", key: "room" });
  t.same(validatePushCondition({ kind: "org.example.future", anything: [1] }, 0), { kind: "org.example.future", anything: [1] }, "unknown kinds are kept");
  t.throws(() => validatePushCondition("event_match", 2), pushError("M_INVALID_PARAM", 400, "conditions[2]"));
  t.throws(() => validatePushCondition({ key: "type" }, 0), pushError("M_INVALID_PARAM", 400, "string \"kind\""));
  t.throws(() => validatePushCondition({ kind: "event_match", key: "type" }, 0), pushError("M_INVALID_PARAM", 400, "\"pattern\""));
  t.throws(() => validatePushCondition({ kind: "event_match", pattern: "x" }, 0), pushError("M_INVALID_PARAM", 400, "\"key\""));
  t.throws(() => validatePushCondition({ kind: "event_property_is", key: "k" }, 0), pushError("M_INVALID_PARAM", 400, "\"value\""));
  t.throws(() => validatePushCondition({ kind: "event_property_is", key: "k", value: 1.5 }, 0), pushError("M_INVALID_PARAM", 400, "\"value\""));
  t.throws(() => validatePushCondition({ kind: "event_property_contains", key: "k", value: ["a"] }, 0), pushError("M_INVALID_PARAM", 400, "\"value\""));
  t.throws(() => validatePushCondition({ kind: "room_member_count", is: "=2" }, 0), pushError("M_INVALID_PARAM", 400, "\"is\""));
  t.throws(() => validatePushCondition({ kind: "room_member_count", is: 2 }, 0), pushError("M_INVALID_PARAM", 400, "\"is\""));
  t.throws(() => validatePushCondition({ kind: "sender_notification_permission" }, 0), pushError("M_INVALID_PARAM", 400, "\"key\""));
});

t.test("validatePushRuleBody keeps what the kind uses", async (t) => {
  const conditions = [{ kind: "event_match", key: "content.body", pattern: "beer" }];
  t.same(validatePushRuleBody("override", { actions: ["notify"], conditions, pattern: "ignored" }), { actions: ["notify"], conditions });
  t.same(validatePushRuleBody("underride", { actions: [] }), { actions: [], conditions: [] }, "conditions default to none");
  t.same(validatePushRuleBody("content", { actions: ["notify"], pattern: "cake*lie", conditions }), { actions: ["notify"], pattern: "cake*lie" });
  t.same(validatePushRuleBody("room", { actions: [], pattern: "x", conditions }), { actions: [] });
  t.same(validatePushRuleBody("sender", { actions: ["notify"] }), { actions: ["notify"] });
  t.throws(() => validatePushRuleBody("room", null), pushError("M_INVALID_PARAM", 400, "JSON object"));
  t.throws(() => validatePushRuleBody("room", []), pushError("M_INVALID_PARAM", 400, "JSON object"));
  t.throws(() => validatePushRuleBody("room", {}), pushError("M_MISSING_PARAM", 400, "actions"));
  t.throws(() => validatePushRuleBody("content", { actions: [] }), pushError("M_MISSING_PARAM", 400, "pattern"));
  t.throws(() => validatePushRuleBody("content", { actions: [], pattern: 1 }), pushError("M_INVALID_PARAM", 400, "pattern"));
  t.throws(() => validatePushRuleBody("override", { actions: [], conditions: {} }), pushError("M_INVALID_PARAM", 400, "conditions"));
  t.throws(() => validatePushRuleBody("override", { actions: [], conditions: [{ kind: "event_match" }] }), pushError("M_INVALID_PARAM", 400, "conditions[0]"));
});

t.test("validateUserRuleId", async (t) => {
  t.doesNotThrow(() => validateUserRuleId("content", "SSByZWFsbHkgbGlrZSBjYWtl"));
  t.doesNotThrow(() => validateUserRuleId("room", "!dj234r78wl45Gh4D:matrix.org"));
  t.doesNotThrow(() => validateUserRuleId("sender", "@spambot:matrix.org"));
  t.throws(() => validateUserRuleId("override", ".m.rule.master"), pushError("M_INVALID_PARAM", 400, "reserved for server-default"));
  t.throws(() => validateUserRuleId("override", ".mine"), pushError("M_INVALID_PARAM", 400, "reserved for server-default"));
  t.throws(() => validateUserRuleId("override", "a/b"), pushError("M_INVALID_PARAM", 400, "must not contain"));
  t.throws(() => validateUserRuleId("override", "a\\b"), pushError("M_INVALID_PARAM", 400, "must not contain"));
  t.throws(() => validateUserRuleId("override", ""), pushError("M_INVALID_PARAM", 400, "empty"));
  t.throws(() => validateUserRuleId("room", "@user:x"), pushError("M_INVALID_PARAM", 400, "room ID"));
  t.throws(() => validateUserRuleId("sender", "!room:x"), pushError("M_INVALID_PARAM", 400, "user ID"));
});
