/**
 * Room IDs (appendices, "Room IDs"), in both forms Ward's room versions use:
 *
 * - `!opaque:server` (room versions 10 and 11): the opaque part may hold any
 *   Unicode scalar value except `:` and NUL; the server only avoids clashes
 *   and says nothing about where the room lives.
 * - `!hash` (room version 12): the create event's ID with `!` for `$`, so it
 *   has no server part at all.
 *
 * An empty opaque part (`!:example.org`) is accepted: the spec does not forbid
 * it and room IDs from other servers are treated as opaque strings.
 */
import type { RoomVersion } from "../room-versions.js";
import { InvalidIdentifierError, describe } from "./errors.js";
import type { EventId } from "./event-id.js";
import { HASH_ID_LENGTH, isHashText } from "./hash-id.js";
import type { ServerName } from "./server-name.js";
import { parseServerName } from "./server-name.js";
import { checkSigilled, splitDelimited } from "./sigilled.js";
import { historicalLocalpartProblem } from "./text.js";

export type RoomId = string & { readonly __brand: "RoomId" };

/** What Ward generates for the opaque part of a `!opaque:server` room ID (the spec's SHOULD). */
const NEW_OPAQUE = /^[A-Za-z0-9]+$/;

export function parseRoomId(input: unknown): RoomId {
  const text = checkSigilled("room_id", "!", input);
  if (!text.includes(":")) {
    if (isHashText(text.slice(1))) return text as RoomId;
    const reason = text.length - 1 === HASH_ID_LENGTH ? "bad_hash" : "missing_server";
    throw new InvalidIdentifierError(
      "room_id",
      reason,
      `${describe(text)} has neither a ':server' part (room versions 10-11) nor a ${HASH_ID_LENGTH}-character URL-safe base64 hash (room version 12)`,
    );
  }
  const { localpart } = splitDelimited("room_id", text);
  const problem = historicalLocalpartProblem(localpart);
  if (problem !== undefined) throw new InvalidIdentifierError("room_id", "bad_localpart", `${describe(text)}: opaque part ${problem}`);
  return text as RoomId;
}

export function isRoomId(input: unknown): input is RoomId {
  try {
    parseRoomId(input);
    return true;
  } catch {
    return false;
  }
}

/** The server that created a `!opaque:server` room ID; undefined for the server-less v12 form. */
export function roomIdServer(roomId: RoomId): ServerName | undefined {
  const colon = roomId.indexOf(":");
  return colon < 0 ? undefined : (roomId.slice(colon + 1) as ServerName);
}

/** The v12 room ID of the room whose `m.room.create` event has this ID. */
export function roomIdFromCreateEventId(eventId: EventId): RoomId {
  return `!${eventId.slice(1)}` as RoomId;
}

/** The create event ID a v12 room ID was derived from; undefined for `!opaque:server` IDs. */
export function createEventIdOfRoomId(roomId: RoomId): EventId | undefined {
  return roomId.includes(":") ? undefined : (`$${roomId.slice(1)}` as EventId);
}

/** Whether a room ID has the form the room version requires (hash form exactly when the version derives it). */
export function isRoomIdValidForVersion(roomId: RoomId, version: RoomVersion): boolean {
  return version.roomIdFromCreateEvent === !roomId.includes(":");
}

/** Build a `!opaque:server` room ID for a new room of version 10 or 11; `opaque` must be ASCII letters and digits. */
export function makeRoomIdWithServer(opaque: string, server: ServerName | string): RoomId {
  if (!NEW_OPAQUE.test(opaque)) {
    throw new InvalidIdentifierError("localpart", opaque === "" ? "empty" : "bad_localpart", `opaque part ${describe(opaque)} must be ASCII letters and digits`);
  }
  return parseRoomId(`!${opaque}:${parseServerName(server)}`);
}
