/**
 * Direct conversations through Ward's endpoint (POST /_ward/client/v1/direct):
 * a one-to-one with someone the user already has one with is that room, a
 * group (three or more people) is always new. The server decides, so two
 * devices opening the same one-to-one at once still get one room; it also
 * keeps every member's `m.direct` account data current and (by default)
 * joins the others at once.
 *
 * Membership is fixed when the conversation is made: nobody can be added,
 * and nobody can leave.
 */
import { wardMessenger } from "@ward/protocol/endpoints";
import type { Room } from "./room.js";
import type { RoomsHost } from "./rooms-api.js";

export type DirectOptions = {
  /** A group conversation's name (a one-to-one has none: it is named after the other person). */
  name?: string;
  signal?: AbortSignal;
};

export type OpenedDirect = {
  readonly room: Room;
  /** False when an existing one-to-one was returned. */
  readonly created: boolean;
};

/** Opens (or finds) the conversation with `userIds`; the user's own ID and repeats are left out. */
export async function openDirect(host: RoomsHost, userIds: readonly string[], options: DirectOptions = {}): Promise<OpenedDirect> {
  const others = [...new Set(userIds)].filter((id) => id !== host.userId);
  if (others.length === 0) throw new RangeError("a direct conversation needs at least one other user");
  const body = { user_ids: others, ...(options.name !== undefined ? { name: options.name } : {}) };
  const res = await host.http.call(wardMessenger.openDirect, { body }, options.signal ? { signal: options.signal } : {});
  return { room: host.room(res.room_id), created: res.created };
}
