/**
 * `m.direct` global account data, kept by the server for direct
 * conversations: `{ "<other user>": ["<room>", ...], ... }`. Matrix clients
 * (Element, matrix-js-sdk) read it to show a room as a message rather than a
 * channel; Synapse leaves it to clients, which then disagree between devices.
 * Ward writes it for every local member when the conversation is created,
 * in the room's own transaction: the members are fixed then, so nobody
 * needs adding later. A group is listed under each of the other members.
 *
 * The update merges into what the user's clients stored (other rooms, other
 * people stay), and delivers through /sync like any account data change.
 */
import type { JsonObject } from "@ward/protocol";
import type { Transaction } from "../../store/database.js";
import { allocateStreamPositions } from "../../store/stream.js";
import { accountDataTable, GLOBAL_ACCOUNT_DATA } from "../../store/tables/account-data.js";

export const M_DIRECT = "m.direct";

/** The content with `roomId` listed under each of `others`; pure. A damaged entry becomes a list again. */
export function withDirectRoom(content: JsonObject, roomId: string, others: readonly string[]): JsonObject {
  const next: JsonObject = { ...content };
  for (const userId of others) {
    const current = next[userId];
    const list = Array.isArray(current) ? current.filter((id): id is string => typeof id === "string") : [];
    next[userId] = list.includes(roomId) ? list : [...list, roomId];
  }
  return next;
}

function parsed(text: string | undefined): JsonObject {
  if (text === undefined) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
  } catch {
    return {};
  }
}

/** Lists the room in the user's m.direct; call after the room's events (stream positions after theirs). */
export async function addDirectRoom(tx: Transaction, userId: string, roomId: string, others: readonly string[]): Promise<void> {
  const row = await accountDataTable.get(tx, userId, GLOBAL_ACCOUNT_DATA, M_DIRECT);
  const content = withDirectRoom(parsed(row?.content), roomId, others);
  const streamPos = await allocateStreamPositions(tx);
  await accountDataTable.upsert(tx, { userId, roomId: GLOBAL_ACCOUNT_DATA, type: M_DIRECT, content: JSON.stringify(content), streamPos });
}
