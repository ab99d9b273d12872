// Authorization rules for room versions 10, 11 and 12 (spec/authorization.md).
export type { AuthResult } from "./result.js";
export { checkEventAuth } from "./check.js";
export { authEventTypesFor } from "./auth-event-types.js";
export type { AuthEventsListOptions } from "./auth-events-list.js";
export { checkAuthEventsList } from "./auth-events-list.js";
export type { NamedPowerLevel } from "./power-levels.js";
export { creatorsOf, namedPowerLevel, requiredPowerLevel, userPowerLevel } from "./power-levels.js";
export { authorisingServerOf } from "./membership.js";
