/**
 * What the messenger adds to POST /createRoom (rooms/create-room.ts), for
 * every room created on this server, whichever endpoint asked:
 *
 *   - the marker (marker.ts) in the create event's content: `is_direct` with
 *     the invite list makes a direct conversation of the creator and the
 *     invitees; anything else is a channel;
 *   - a direct conversation's request is checked in full before anything is
 *     written (400 M_INVALID_PARAM): someone to talk to, never listed, no
 *     topic, invite-only, history never world-readable, only its members'
 *     member events, a room version whose redaction keeps the marker (11+);
 *   - the local invitees join at once when WARD_DIRECT_AUTO_JOIN is on (the
 *     default), in the same transaction as the room: staff of this server
 *     need not accept a message before they can read it;
 *   - every local member gets the room in m.direct (m-direct.ts), in the
 *     room's transaction too.
 *
 * Pure, apart from addDirectRooms (which writes in the given transaction).
 */
import { userIdServer, type JsonObject, type RoomVersion, type UserId } from "@ward/protocol";
import { invalidParam } from "../../http/matrix-error.js";
import type { Transaction } from "../../store/database.js";
import type { EventDraft } from "../rooms/room-head.js";
import { addDirectRoom } from "./m-direct.js";
import { CHANNEL_MARKER, MESSENGER_MARKER, directMarker } from "./marker.js";

export type MessengerRoomInput = {
  readonly creator: string;
  /** Validated, without the creator, each once. */
  readonly invite: readonly string[];
  readonly isDirect: boolean;
  readonly visibility: "public" | "private" | undefined;
  readonly creationContent: JsonObject | undefined;
  readonly version: RoomVersion;
  readonly autoJoin: boolean;
  readonly serverName: string;
};

export type MessengerRoomPlan = {
  /** The creation_content to build the create event from: the caller's, with the marker. */
  readonly creationContent: JsonObject;
  /** Direct conversations only: the members (sorted, creator included) and the invitees who join at creation. */
  readonly direct?: { readonly members: readonly string[]; readonly autoJoin: readonly string[] } | undefined;
};

const isLocal = (userId: string, serverName: string) => userIdServer(userId as UserId) === serverName;

export function planMessengerRoom(input: MessengerRoomInput): MessengerRoomPlan {
  if (input.creationContent !== undefined && MESSENGER_MARKER in input.creationContent) {
    throw invalidParam(`creation_content.${MESSENGER_MARKER} is written by the server`);
  }
  if (!input.isDirect) return { creationContent: { ...input.creationContent, [MESSENGER_MARKER]: CHANNEL_MARKER } };
  if (input.invite.length === 0) throw invalidParam("is_direct: a direct conversation needs the other people in it in invite");
  if (input.visibility === "public") throw invalidParam("is_direct: a direct conversation is never listed in the room directory");
  if (input.version.redaction === "v9") {
    throw invalidParam(`is_direct: a direct conversation needs room version 11 or later (a redaction in version ${input.version.id} would strip its marker)`);
  }
  const marker = directMarker([input.creator, ...input.invite]);
  const members = marker.members as string[];
  const autoJoin = input.autoJoin ? input.invite.filter((id) => isLocal(id, input.serverName)) : [];
  return { creationContent: { ...input.creationContent, [MESSENGER_MARKER]: marker }, direct: { members, autoJoin } };
}

/** A direct conversation's planned events, checked against its rules before anything is written. */
export function checkDirectDrafts(drafts: readonly EventDraft[], members: readonly string[]): void {
  for (const draft of drafts) {
    if (draft.type === "m.room.topic") throw invalidParam("is_direct: a direct conversation has no topic");
    if (draft.type === "m.room.tombstone") throw invalidParam("is_direct: a direct conversation cannot be created closed");
    if (draft.type === "m.room.join_rules" && draft.content.join_rule !== "invite") {
      throw invalidParam("is_direct: a direct conversation is invite-only (join_rule invite; not the public_chat preset)");
    }
    if (draft.type === "m.room.history_visibility" && draft.content.history_visibility === "world_readable") {
      throw invalidParam("is_direct: a direct conversation's history is never world_readable");
    }
    if (draft.type === "m.room.member" && (draft.stateKey === undefined || !members.includes(draft.stateKey))) {
      throw invalidParam("is_direct: initial_state may only hold member events of the people in invite");
    }
  }
}

/** Lists the new conversation in every local member's m.direct, in the room's creating transaction. */
export async function addDirectRooms(tx: Transaction, roomId: string, members: readonly string[], serverName: string): Promise<void> {
  for (const userId of members) {
    if (isLocal(userId, serverName)) await addDirectRoom(tx, userId, roomId, members.filter((m) => m !== userId));
  }
}
