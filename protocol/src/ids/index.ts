// Matrix identifiers as branded strings, each with one validating parser.
export { InvalidIdentifierError, type IdentifierKind, type IdentifierProblem } from "./errors.js";
export { MAX_IDENTIFIER_BYTES } from "./text.js";
export { parseServerName, isServerName, splitServerName, type ServerName, type ServerNameParts } from "./server-name.js";
export {
  parseUserId,
  isUserId,
  isValidNewLocalpart,
  isCompliantUserId,
  makeUserId,
  userIdLocalpart,
  userIdServer,
  type UserId,
} from "./user-id.js";
export {
  parseRoomId,
  isRoomId,
  roomIdServer,
  roomIdFromCreateEventId,
  createEventIdOfRoomId,
  isRoomIdValidForVersion,
  makeRoomIdWithServer,
  type RoomId,
} from "./room-id.js";
export { parseEventId, isEventId, eventIdFromReferenceHash, type EventId } from "./event-id.js";
export {
  parseRoomAlias,
  isRoomAlias,
  isValidNewAliasLocalpart,
  makeRoomAlias,
  aliasLocalpart,
  aliasServer,
  type RoomAlias,
} from "./room-alias.js";
export { parseDeviceId, isDeviceId, isOpaqueId, type DeviceId } from "./device-id.js";
export { parseKeyId, isKeyId, makeKeyId, keyIdVersion, type KeyId } from "./key-id.js";
