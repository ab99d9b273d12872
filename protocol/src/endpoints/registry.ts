/**
 * Every endpoint Ward defines, and lookup by id or by request line. The
 * homeserver mounts ALL_ENDPOINTS; the 405-versus-404 decision and CORS
 * preflight answers come from `methodsForPath`.
 */
import * as clientAccount from "./client/account.js";
import * as clientAccountData from "./client/account-data.js";
import * as clientDevices from "./client/devices.js";
import * as clientDirectory from "./client/directory.js";
import * as clientDiscovery from "./client/discovery.js";
import * as clientEphemeral from "./client/ephemeral.js";
import * as clientLogin from "./client/login.js";
import * as clientMembership from "./client/membership.js";
import * as clientMessages from "./client/messages.js";
import * as clientProfile from "./client/profile.js";
import * as clientPushRules from "./client/push-rules.js";
import * as clientRegister from "./client/register.js";
import * as clientRooms from "./client/rooms.js";
import * as clientSpaces from "./client/spaces.js";
import * as clientSync from "./client/sync.js";
import * as clientUserDirectory from "./client/user-directory.js";
import { type AnyEndpoint, type HttpMethod, isEndpoint, type ParamsOf } from "./define.js";
import { EndpointDefinitionError } from "./errors.js";
import * as federationEvents from "./federation/events.js";
import * as federationMembership from "./federation/membership.js";
import * as federationQuery from "./federation/query.js";
import * as federationServer from "./federation/server.js";
import * as federationTransactions from "./federation/transactions.js";
import * as clientMedia from "./media.js";
import * as wardAdmin from "./ward/admin.js";
import * as wardAudit from "./ward/audit.js";
import * as wardMessenger from "./ward/messenger.js";
import { matchPath } from "./path.js";

const MODULES: readonly object[] = [
  clientDiscovery, clientLogin, clientRegister, clientAccount, clientMembership, clientRooms, clientMessages,
  clientSync, clientPushRules, clientProfile, clientAccountData, clientEphemeral, clientDevices, clientDirectory,
  clientSpaces, clientUserDirectory, clientMedia,
  federationServer, federationTransactions, federationMembership, federationEvents, federationQuery,
  wardAdmin, wardAudit, wardMessenger,
];

function collect(): readonly AnyEndpoint[] {
  const all = MODULES.flatMap((mod) => Object.values(mod).filter(isEndpoint));
  const ids = new Set<string>();
  for (const e of all) {
    if (ids.has(e.id)) throw new EndpointDefinitionError(`two endpoints share the id ${e.id}`);
    ids.add(e.id);
  }
  return Object.freeze(all);
}

export const ALL_ENDPOINTS: readonly AnyEndpoint[] = collect();

const BY_ID = new Map(ALL_ENDPOINTS.map((e) => [e.id, e]));

export function endpointById(id: string): AnyEndpoint | undefined {
  return BY_ID.get(id);
}

export type EndpointMatch<E extends AnyEndpoint = AnyEndpoint> = { endpoint: E; params: ParamsOf<E> };

/** The endpoint serving `method` on `pathname` (raw, no query string), with its decoded params. */
export function findEndpoint(method: string, pathname: string, endpoints: readonly AnyEndpoint[] = ALL_ENDPOINTS): EndpointMatch | null {
  for (const endpoint of endpoints) {
    if (endpoint.method !== method) continue;
    const params = matchPath(endpoint, pathname);
    if (params) return { endpoint, params };
  }
  return null;
}

/** The methods some endpoint serves on `pathname`: empty means 404, non-empty without the request's method means 405. */
export function methodsForPath(pathname: string, endpoints: readonly AnyEndpoint[] = ALL_ENDPOINTS): HttpMethod[] {
  const methods = new Set<HttpMethod>();
  for (const endpoint of endpoints) {
    try {
      if (matchPath(endpoint, pathname)) methods.add(endpoint.method);
    } catch {
      methods.add(endpoint.method); // the path fits; its bad encoding is reported when the request is handled
    }
  }
  return [...methods];
}
