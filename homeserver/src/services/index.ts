/**
 * The homeserver's services, built once at start-up from a ServiceContext.
 * Each domain adds one named field here (accounts, rooms, sync, ...) and
 * builds it in `createServices`; API areas take the services they use.
 */
import type { SessionResolver } from "../http/auth.js";
import type { ServiceContext } from "./context.js";
import { createAccountsService, type AccountsService } from "./users/accounts.js";
import { createRoomsService, type RoomsService } from "./rooms/index.js";
import { createFilterService, type FilterService } from "./filters/filter-service.js";
import { createSyncService, type SyncService } from "./sync/sync-service.js";
import { createProfileService, type ProfileService } from "./profile/index.js";
import { createAccountDataService, type AccountDataService } from "./account-data/index.js";
import { createDevicesService, type DevicesService } from "./devices/devices-service.js";

export type Services = {
  readonly context: ServiceContext;
  readonly accounts: AccountsService;
  readonly rooms: RoomsService;
  readonly filters: FilterService;
  readonly sync: SyncService;
  readonly profile: ProfileService;
  readonly accountData: AccountDataService;
  readonly devices: DevicesService;
};

export async function createServices(context: ServiceContext): Promise<Services> {
  const accounts = await createAccountsService(context);
  const rooms = createRoomsService(context);
  const filters = createFilterService(context);
  const sync = createSyncService(context, { filters });
  const devices = createDevicesService({ context, uia: accounts.uia });
  const profile = createProfileService(context, { rooms });
  const accountData = createAccountDataService(context);
  return { context, accounts, rooms, filters, sync, devices, profile, accountData };
}

/** How the HTTP layer turns a bearer token into a session: the accounts service's resolver. */
export function sessionResolverOf(services: Services): SessionResolver {
  return services.accounts.sessions;
}
