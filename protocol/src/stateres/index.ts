// State resolution v2 (room versions 10, 11) and v2.1 (room version 12).
export { StateResolutionError } from "./errors.js";
export type { EventSource } from "./event-source.js";
export { authChain, authDifference } from "./auth-chain.js";
export { splitConflicted, conflictedEventIds, type SplitState } from "./conflicts.js";
export { conflictedSubgraph } from "./subgraph.js";
export { isPowerEvent } from "./power-events.js";
export { senderPowerLevel, reverseTopologicalPowerOrder } from "./power-order.js";
export { mainlineOf, mainlineOrder, MainlinePositions, powerLevelsAuthEvent } from "./mainline.js";
export { authStateFor, iterativeAuthChecks } from "./iterative-auth.js";
export { createEventIdFromRoomId } from "./create-event.js";
export { resolveState, traceStateResolution, type ResolutionTrace } from "./resolve.js";
