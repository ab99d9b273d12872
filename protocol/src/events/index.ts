// Barrel for protocol/src/events.
export * from "./pdu.js";
