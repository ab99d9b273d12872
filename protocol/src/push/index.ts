// Push rules (client-server API, "Push Notifications"): types, predefined rules, evaluation, /pushrules management.
export { RULE_KINDS, emptyPushRuleset } from "./types.js";
export type {
  RuleKind,
  PushScalar,
  PushCondition,
  EventMatchCondition,
  EventPropertyIsCondition,
  EventPropertyContainsCondition,
  ContainsDisplayNameCondition,
  RoomMemberCountCondition,
  SenderNotificationPermissionCondition,
  UnknownPushCondition,
  PushAction,
  HistoricalPushAction,
  SetTweakAction,
  SoundTweak,
  HighlightTweak,
  CustomTweak,
  PushRule,
  PushRuleset,
  PushEvent,
  PushContext,
} from "./types.js";
export { PushRuleError } from "./errors.js";
export type { PushRuleErrcode } from "./errors.js";
export { splitPropertyPath, escapePropertyName, joinPropertyPath, lookupProperty, flattenProperties } from "./property-path.js";
export { globMatches, globMatchesWords, containsWords } from "./glob.js";
export { conditionMatches, isPushScalar, parseMemberCount, notificationLevel } from "./conditions.js";
export { defaultPushRules, MASTER_RULE_ID, LEGACY_MENTION_RULE_IDS } from "./defaults.js";
export { notificationOf, stripHistoricalActions, unreadCountsOf } from "./actions.js";
export type { NotificationDecision } from "./actions.js";
export { evaluatePushRules, findMatchingPushRule, pushRuleMatches } from "./evaluate.js";
export type { PushRuleMatch } from "./evaluate.js";
export { emptyStoredPushRules, defaultRuleChange } from "./stored.js";
export type { StoredPushRules, DefaultRuleChange } from "./stored.js";
export { mergePushRules } from "./merge.js";
export {
  parseRuleKind,
  validatePushActions,
  validatePushCondition,
  validatePushRuleBody,
  validateUserRuleId,
} from "./validate.js";
export type { PushRuleBody } from "./validate.js";
export { getPushRule, putPushRule, deletePushRule, setPushRuleEnabled, setPushRuleActions } from "./manage.js";
export type { PushRulePlacement } from "./manage.js";
