/**
 * The homeserver's services, built once at start-up from a ServiceContext.
 * Each domain adds one named field here (accounts, rooms, sync, ...) and
 * builds it in `createServices`; API areas take the services they use.
 */
import { noSessions, type SessionResolver } from "../http/auth.js";
import type { ServiceContext } from "./context.js";

export type Services = {
  readonly context: ServiceContext;
};

export async function createServices(context: ServiceContext): Promise<Services> {
  return { context };
}

/** How the HTTP layer turns a bearer token into a session; nobody resolves until the accounts service exists. */
export function sessionResolverOf(_services: Services): SessionResolver {
  return noSessions;
}
