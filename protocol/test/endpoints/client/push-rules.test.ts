import t from "tap";
import { EndpointValidationError } from "../../../src/endpoints/errors.js";
import { buildPath } from "../../../src/endpoints/path.js";
import { validateBody, validateQuery } from "../../../src/endpoints/validate.js";
import { notifications, putPushRule, setPushRuleActions, setPushRuleEnabled } from "../../../src/endpoints/client/push-rules.js";

t.test("push rule bodies from the spec's examples", async (t) => {
  t.same(validateBody(putPushRule, { pattern: "cake*lie", actions: ["notify"] }), { pattern: "cake*lie", actions: ["notify"] });
  t.same(validateBody(setPushRuleEnabled, { enabled: true }), { enabled: true });
  t.same(validateBody(setPushRuleActions, { actions: ["notify", { set_tweak: "highlight" }] }), { actions: ["notify", { set_tweak: "highlight" }] });
  const withConditions = {
    actions: ["notify", { set_tweak: "sound", value: "default" }],
    conditions: [
      { kind: "event_match", key: "content.body", pattern: "doctor" },
      { kind: "event_property_is", key: "content.urgent", value: true },
      { kind: "room_member_count", is: "2" },
    ],
  };
  t.same(validateBody(putPushRule, withConditions), withConditions);
});

t.test("push rule bodies with wrong shapes", async (t) => {
  const noActions = t.throws(() => validateBody(putPushRule, { pattern: "x" })) as EndpointValidationError;
  t.equal(noActions.errcode, "M_MISSING_PARAM");
  t.equal(noActions.field, "actions");
  const badAction = t.throws(() => validateBody(setPushRuleActions, { actions: [3] })) as EndpointValidationError;
  t.equal(badAction.errcode, "M_BAD_JSON");
  t.equal(badAction.message, "field 'actions[0]' has the wrong type");
  const badKind = t.throws(() => validateBody(putPushRule, { actions: [], conditions: [{ key: "a" }] })) as EndpointValidationError;
  t.equal(badKind.field, "conditions[0].kind");
  const enabled = t.throws(() => validateBody(setPushRuleEnabled, { enabled: "true" })) as EndpointValidationError;
  t.equal(enabled.message, "field 'enabled' must be a boolean, not a string");
});

t.test("paths built from a shared template stay literal types", async (t) => {
  const path: "/_matrix/client/v3/pushrules/global/{kind}/{ruleId}/enabled" = setPushRuleEnabled.path;
  t.equal(path, "/_matrix/client/v3/pushrules/global/{kind}/{ruleId}/enabled");
  t.equal(buildPath(setPushRuleEnabled, { kind: "content", ruleId: "a b" }), "/_matrix/client/v3/pushrules/global/content/a%20b/enabled");
  // @ts-expect-error ruleId is required
  t.throws(() => buildPath(setPushRuleEnabled, { kind: "content" }));
});

t.test("rule ids with dots and the before/after query", async (t) => {
  t.equal(buildPath(putPushRule, { kind: "override", ruleId: ".m.rule.master" }), "/_matrix/client/v3/pushrules/global/override/.m.rule.master");
  t.same(validateQuery(putPushRule, { before: "a", after: "b" }), { before: "a", after: "b" });
  t.same(validateQuery(notifications, { limit: "20", only: "highlight" }), { limit: 20, only: "highlight" });
});
