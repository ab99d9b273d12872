/**
 * Which requests count as user activity for the idle timeout (HIPAA
 * automatic logoff): everything an authenticated user does, except the
 * requests a client makes on its own while nobody is at the screen. Those
 * are listed here, once, by endpoint; the router asks `countsAsActivity` for
 * the endpoint it matched and the session resolver resets the idle timer only
 * when the answer is yes.
 *
 * Counted: sending, redacting, reading /messages, /context, an event, room
 * state and members (opening a room), typing, receipts and read markers,
 * joining and leaving, profile and device changes, admin acts.
 */
import { clientAccount, clientAccountData, clientDiscovery, clientEphemeral, clientLogin, clientMedia, clientPushRules, clientSync, type AnyEndpoint } from "@ward/protocol";

/** Background requests: polling, start-up discovery, status a client refreshes by itself. */
const PASSIVE: readonly AnyEndpoint[] = [
  clientSync.sync,
  clientSync.createFilter,
  clientSync.getFilter,
  clientEphemeral.getPresence,
  clientEphemeral.setPresence,
  clientDiscovery.versions,
  clientDiscovery.capabilities,
  clientAccount.whoami,
  clientPushRules.getPushRules,
  clientPushRules.getGlobalPushRules,
  clientPushRules.getPushRule,
  clientPushRules.getPushRuleEnabled,
  clientPushRules.getPushRuleActions,
  clientAccountData.getAccountData,
  clientAccountData.getRoomAccountData,
  clientLogin.getLoginFlows,
  clientMedia.config,
  clientMedia.legacyConfig,
];

// By id, not object identity: two copies of @ward/protocol in one process still agree.
const PASSIVE_IDS: ReadonlySet<string> = new Set(PASSIVE.map((e) => e.id));

export function countsAsActivity(endpoint: Pick<AnyEndpoint, "id">): boolean {
  return !PASSIVE_IDS.has(endpoint.id);
}
