/**
 * Push rules and notifications.
 *   GET    /_matrix/client/v3/pushrules/
 *   GET    /_matrix/client/v3/pushrules/global/
 *   GET    /_matrix/client/v3/pushrules/global/{kind}/{ruleId}
 *   PUT    /_matrix/client/v3/pushrules/global/{kind}/{ruleId}
 *   DELETE /_matrix/client/v3/pushrules/global/{kind}/{ruleId}
 *   GET    /_matrix/client/v3/pushrules/global/{kind}/{ruleId}/enabled
 *   PUT    /_matrix/client/v3/pushrules/global/{kind}/{ruleId}/enabled
 *   GET    /_matrix/client/v3/pushrules/global/{kind}/{ruleId}/actions
 *   PUT    /_matrix/client/v3/pushrules/global/{kind}/{ruleId}/actions
 *   GET    /_matrix/client/v3/notifications
 */
import { clientPushRules } from "@ward/protocol";
import { route, type ServiceArea } from "../../http/route.js";
import { listNotifications } from "../../services/push-rules/notifications.js";

export const pushRulesApi: ServiceArea = ({ services }) => {
  const rules = services.pushRules;
  return [
    route(clientPushRules.getPushRules, async (req) => ({ global: await rules.ruleset(req.session.userId) })),
    route(clientPushRules.getGlobalPushRules, async (req) => rules.ruleset(req.session.userId)),
    route(clientPushRules.getPushRule, async (req) => rules.get(req.session.userId, req.params.kind, req.params.ruleId)),
    route(clientPushRules.putPushRule, async (req) => {
      const { before, after } = req.query;
      await rules.put(req.session.userId, req.params.kind, req.params.ruleId, req.body, {
        ...(before !== undefined ? { before } : {}),
        ...(after !== undefined ? { after } : {}),
      });
      return {};
    }),
    route(clientPushRules.deletePushRule, async (req) => {
      await rules.delete(req.session.userId, req.params.kind, req.params.ruleId);
      return {};
    }),
    route(clientPushRules.getPushRuleEnabled, async (req) => ({
      enabled: (await rules.get(req.session.userId, req.params.kind, req.params.ruleId)).enabled,
    })),
    route(clientPushRules.setPushRuleEnabled, async (req) => {
      await rules.setEnabled(req.session.userId, req.params.kind, req.params.ruleId, req.body.enabled);
      return {};
    }),
    route(clientPushRules.getPushRuleActions, async (req) => ({
      actions: (await rules.get(req.session.userId, req.params.kind, req.params.ruleId)).actions,
    })),
    route(clientPushRules.setPushRuleActions, async (req) => {
      await rules.setActions(req.session.userId, req.params.kind, req.params.ruleId, req.body.actions);
      return {};
    }),
    route(clientPushRules.notifications, async (req) => listNotifications(services.context, req.session.userId, req.query)),
  ];
};
