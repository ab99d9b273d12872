/**
 * Direct messages: one-to-one (one other user) or group, with the membership
 * fixed when created. Until the server does it (issue 5 adds an endpoint that
 * opens the existing one-to-one), the client does:
 *
 *   - reuse a room listed in the user's `m.direct` account data that the user
 *     has joined and whose members are exactly the requested ones;
 *   - otherwise create one (`preset: trusted_private_chat`, `is_direct: true`,
 *     the others invited) and list it in `m.direct` under each of them, as
 *     Matrix clients do, so every client of the user shows it as a message.
 *
 * The invitee's client lists it in its own `m.direct` when it joins.
 */
import type { JsonObject } from "@ward/protocol";
import { clientAccountData, clientRooms } from "@ward/protocol/endpoints";
import { WardApiError } from "./errors.js";
import type { Room } from "./room.js";
import type { RoomsHost } from "./rooms-api.js";

export type DirectHost = RoomsHost & {
  getRoom(roomId: string): Room | undefined;
  accountData(type: string): JsonObject | undefined;
  setAccountData(type: string, content: JsonObject): Promise<void>;
};

export async function openDirectMessage(host: DirectHost, userIds: readonly string[]): Promise<Room> {
  const others = [...new Set(userIds)].filter((id) => id !== host.userId);
  if (others.length === 0) throw new RangeError("a direct message needs at least one other user");
  const existing = findExisting(host, others);
  if (existing) return existing;
  const { room_id } = await host.http.call(clientRooms.createRoom, {
    body: { preset: "trusted_private_chat", is_direct: true, invite: others },
  });
  await listAsDirect(host, room_id, others);
  return host.room(room_id);
}

function findExisting(host: DirectHost, others: readonly string[]): Room | undefined {
  const wanted = new Set([host.userId, ...others]);
  const listed = host.accountData("m.direct")?.[others[0]!];
  for (const roomId of Array.isArray(listed) ? listed : []) {
    if (typeof roomId !== "string") continue;
    const room = host.getRoom(roomId);
    if (room?.membership !== "join") continue;
    const members = room.members(["join", "invite"]);
    if (members.length === wanted.size && members.every((m) => wanted.has(m))) return room;
  }
  return undefined;
}

/** Adds `roomId` under each user in `m.direct`, read fresh from the server so other devices' entries survive. */
export async function listAsDirect(host: DirectHost, roomId: string, userIds: readonly string[]): Promise<void> {
  let current: JsonObject = {};
  try {
    current = await host.http.call(clientAccountData.getAccountData, { params: { userId: host.userId, type: "m.direct" } });
  } catch (error) {
    if (!(error instanceof WardApiError && error.errcode === "M_NOT_FOUND")) throw error;
  }
  const next: JsonObject = { ...current };
  for (const userId of userIds) {
    const list = Array.isArray(next[userId]) ? (next[userId] as unknown[]).filter((id): id is string => typeof id === "string") : [];
    if (!list.includes(roomId)) next[userId] = [...list, roomId];
  }
  await host.setAccountData("m.direct", next);
}
