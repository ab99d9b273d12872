// Endpoint definitions: one description per HTTP endpoint, shared by the homeserver and the client SDK.
export * from "./define.js";
export * from "./errors.js";
export * from "./template.js";
export * from "./path.js";
export * from "./query.js";
export * from "./request.js";
export * from "./validate.js";
export * from "./registry.js";
export { jsonObject, uiaAuth, userIdentifier, type EmptyResponse } from "./schemas.js";

// Definitions and their request/response types, one namespace per API area.
export * as clientTypes from "./client/types.js";
export * as clientDiscovery from "./client/discovery.js";
export * as clientLogin from "./client/login.js";
export * as clientRegister from "./client/register.js";
export * as clientAccount from "./client/account.js";
export * as clientMembership from "./client/membership.js";
export * as clientRooms from "./client/rooms.js";
export * as clientMessages from "./client/messages.js";
export * as clientSync from "./client/sync.js";
export * as clientFilter from "./client/filter.js";
export * as clientPushRules from "./client/push-rules.js";
export * as clientProfile from "./client/profile.js";
export * as clientAccountData from "./client/account-data.js";
export * as clientEphemeral from "./client/ephemeral.js";
export * as clientDevices from "./client/devices.js";
export * as clientDirectory from "./client/directory.js";
export * as clientSpaces from "./client/spaces.js";
export * as clientUserDirectory from "./client/user-directory.js";
export * as clientMedia from "./media.js";
export * as federationTypes from "./federation/types.js";
export * as federationServer from "./federation/server.js";
export * as federationTransactions from "./federation/transactions.js";
export * as federationMembership from "./federation/membership.js";
export * as federationEvents from "./federation/events.js";
export * as federationQuery from "./federation/query.js";
export * as wardAdmin from "./ward/admin.js";
export * as wardAudit from "./ward/audit.js";
