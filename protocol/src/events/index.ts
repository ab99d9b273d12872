// Barrel for protocol/src/events: PDU format, hashes and IDs, redaction, signing, building, client format.
export * from "./pdu.js";
export { EventFormatError, type EventFormatProblem } from "./errors.js";
export { toFederationPdu } from "./wire.js";
export { redactPdu, redactContent, redactionKeepsTopLevel } from "./redaction.js";
export {
  contentHashBytes,
  computeContentHash,
  checkContentHash,
  referenceHash,
  computeEventId,
  computeRoomIdV12,
} from "./hashes.js";
export {
  hashAndSignEvent,
  verifyEventSignedBy,
  verifyEventSignatures,
  requiredEventSigners,
  checkEventHashes,
  checkReceivedPdu,
  type EventSigner,
  type ServerKeyLookup,
  type EventSignatureVerdict,
  type EventHashVerdict,
  type ReceivedPduVerdict,
} from "./sign-event.js";
export { parsePdu, MAX_PDU_BYTES, MAX_TYPE_OR_STATE_KEY_BYTES, MAX_PREV_EVENTS, MAX_AUTH_EVENTS } from "./validate.js";
export { buildEvent, type EventTemplate } from "./build.js";
export {
  toClientEvent,
  redactForClient,
  type ClientEvent,
  type ClientEventWithoutRoomId,
  type ClientFormatOptions,
} from "./client-format.js";
