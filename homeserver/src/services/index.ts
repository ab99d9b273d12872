/**
 * The homeserver's services, built once at start-up from a ServiceContext.
 * Each domain adds one named field here (accounts, rooms, sync, ...) and
 * builds it in `createServices`; API areas take the services they use.
 */
import type { SessionResolver } from "../http/auth.js";
import type { ServiceContext } from "./context.js";
import { createDirectoryService, type DirectoryService } from "./directory/directory-service.js";
import { createAccountsService, type AccountsService } from "./users/accounts.js";
import { createAdminService, type AdminService } from "./admin/index.js";
import { createAuditService, type AuditService } from "./audit/index.js";
import { createRoomsService, type RoomsService } from "./rooms/index.js";
import { createFilterService, type FilterService } from "./filters/filter-service.js";
import { createSyncService, type SyncService } from "./sync/sync-service.js";
import { createProfileService, type ProfileService } from "./profile/index.js";
import { createAccountDataService, type AccountDataService } from "./account-data/index.js";
import { createDevicesService, type DevicesService } from "./devices/devices-service.js";
import { createPushRulesService, type PushRulesService } from "./push-rules/index.js";
import { createAccountManagementService, type AccountManagementService } from "./users/account-management.js";
import { createUserDirectoryService, type UserDirectoryService } from "./user-directory/index.js";
import { createStaffDirectory, type StaffDirectory } from "./staff/index.js";
import { createMessengerService, type MessengerService } from "./messenger/index.js";
import { createSpacesService, type SpacesService } from "./spaces/index.js";
import { createTypingService, type TypingService } from "./typing/index.js";
import { createReceiptsService, type ReceiptsService } from "./receipts/index.js";
import { createPresenceService, type PresenceService } from "./presence/index.js";
import { createMediaService, type MediaService } from "./media/index.js";

export type Services = {
  readonly context: ServiceContext;
  readonly accounts: AccountsService;
  readonly rooms: RoomsService;
  readonly directory: DirectoryService;
  readonly filters: FilterService;
  readonly sync: SyncService;
  readonly profile: ProfileService;
  readonly accountData: AccountDataService;
  readonly devices: DevicesService;
  readonly pushRules: PushRulesService;
  readonly accountManagement: AccountManagementService;
  readonly admin: AdminService;
  readonly audit: AuditService;
  readonly userDirectory: UserDirectoryService;
  readonly staff: StaffDirectory;
  readonly messenger: MessengerService;
  readonly spaces: SpacesService;
  readonly typing: TypingService;
  readonly receipts: ReceiptsService;
  readonly presence: PresenceService;
  readonly media: MediaService;
};

export async function createServices(context: ServiceContext): Promise<Services> {
  const audit = createAuditService(context);
  const accounts = await createAccountsService(context);
  const rooms = createRoomsService(context);
  const directory = createDirectoryService(context, { rooms });
  const filters = createFilterService(context);
  const typing = createTypingService(context);
  const receipts = createReceiptsService(context);
  const presence = createPresenceService(context);
  const sync = createSyncService(context, { filters, typing, presence, sessions: accounts.sessions });
  const devices = createDevicesService({ context, uia: accounts.uia });
  const pushRules = createPushRulesService(context);
  const accountManagement = createAccountManagementService({ context, uia: accounts.uia, passwords: accounts.passwords, rooms });
  const admin = createAdminService({ context, idleTimeout: accounts.idleTimeout, accountManagement, audit });
  const staff = createStaffDirectory(context);
  const messenger = createMessengerService(context, { rooms, audit });
  const userDirectory = createUserDirectoryService({ staff });
  const spaces = createSpacesService(context);
  const profile = createProfileService(context, { rooms });
  const accountData = createAccountDataService(context);
  const media = await createMediaService(context, { audit });
  return { context, accounts, rooms, directory, filters, sync, devices, pushRules, profile, accountData, accountManagement, admin, audit, userDirectory, staff, messenger, spaces, typing, receipts, presence, media };
}

/** Stops the services' timers (typing expiry, the presence sweeper); before the database closes. */
export function closeServices(services: Services): void {
  services.typing.close();
  services.presence.close();
  services.media.close();
  // Requests have drained by now, so nothing waits on the audit writer; this refuses late records.
  void services.audit.close();
}

/** How the HTTP layer turns a bearer token into a session: the accounts service's resolver. */
export function sessionResolverOf(services: Services): SessionResolver {
  return services.accounts.sessions;
}
