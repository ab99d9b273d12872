/**
 * Reading push rules.
 *   GET /_matrix/client/v3/pushrules/
 *   GET /_matrix/client/v3/pushrules/global/
 *   GET /_matrix/client/v3/pushrules/global/{kind}/{ruleId}
 *   GET /_matrix/client/v3/pushrules/global/{kind}/{ruleId}/enabled
 *   GET /_matrix/client/v3/pushrules/global/{kind}/{ruleId}/actions
 *
 * Changing rules (PUT/DELETE) comes with their storage, a later issue.
 */
import { clientPushRules, parseRuleKind, PushRuleError, type PushRule } from "@ward/protocol";
import { MatrixError, notFound } from "../../http/matrix-error.js";
import { route, type ServiceArea } from "../../http/route.js";
import type { Services } from "../../services/index.js";

async function findRule(services: Services, userId: string, kindParam: string, ruleId: string): Promise<PushRule> {
  let kind;
  try {
    kind = parseRuleKind(kindParam);
  } catch (err) {
    if (err instanceof PushRuleError) throw new MatrixError(err.status, err.errcode, err.message);
    throw err;
  }
  const rule = (await services.sync.pushRules(userId))[kind].find((r) => r.rule_id === ruleId);
  if (!rule) throw notFound(`No ${kind} push rule with ID ${ruleId}`);
  return rule;
}

export const pushRulesApi: ServiceArea = ({ services }) => [
  route(clientPushRules.getPushRules, async (req) => ({ global: await services.sync.pushRules(req.session.userId) })),
  route(clientPushRules.getGlobalPushRules, async (req) => services.sync.pushRules(req.session.userId)),
  route(clientPushRules.getPushRule, async (req) => findRule(services, req.session.userId, req.params.kind, req.params.ruleId)),
  route(clientPushRules.getPushRuleEnabled, async (req) => ({
    enabled: (await findRule(services, req.session.userId, req.params.kind, req.params.ruleId)).enabled,
  })),
  route(clientPushRules.getPushRuleActions, async (req) => ({
    actions: (await findRule(services, req.session.userId, req.params.kind, req.params.ruleId)).actions,
  })),
];
