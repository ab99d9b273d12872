/**
 * GET /notifications: the events that notified the user (event_push_actions
 * rows with notify), newest first, paged by stream position. Each row's
 * actions are rebuilt from what the table keeps (notify, highlight); `read`
 * follows the same rule as /sync's unread counts (services/sync/unread.ts:
 * read receipts, per thread, and the user's own latest event). Rows
 * of events the user may no longer see (history visibility, applied as in
 * /messages) are left out.
 */
import type { clientPushRules, PushAction } from "@ward/protocol";
import { invalidParam } from "../../http/matrix-error.js";
import { currentStreamPosition } from "../../store/stream.js";
import { eventsTable } from "../../store/tables/events.js";
import type { ServiceContext } from "../context.js";
import { filterVisibleEvents } from "../rooms/visibility.js";
import { EventFormatter } from "../sync/client-events.js";
import { readPushActions } from "../sync/unread.js";

export const DEFAULT_NOTIFICATIONS_LIMIT = 20;
export const MAX_NOTIFICATIONS_LIMIT = 100;

export type NotificationsQuery = { from?: string | undefined; limit?: number | undefined; only?: string | undefined };

type Raw = { room_id: string; event_id: string; stream_pos: number; highlight: boolean };

function parseFrom(from: string | undefined): number | undefined {
  if (from === undefined) return undefined;
  if (!/^[1-9][0-9]{0,15}$/.test(from) || !Number.isSafeInteger(Number(from))) throw invalidParam(`Invalid from token: ${from}`);
  return Number(from);
}

function actionsOf(highlight: boolean): PushAction[] {
  return highlight ? ["notify", { set_tweak: "highlight" }] : ["notify"];
}

export async function listNotifications(
  ctx: Pick<ServiceContext, "db" | "clock">,
  userId: string,
  query: NotificationsQuery,
): Promise<clientPushRules.NotificationsResponse> {
  const { db } = ctx;
  const before = parseFrom(query.from);
  const limit = Math.min(query.limit ?? DEFAULT_NOTIFICATIONS_LIMIT, MAX_NOTIFICATIONS_LIMIT);
  if (limit === 0) return { notifications: [] };
  const upto = await currentStreamPosition(db);
  const rows = await db.query<Raw>(
    `SELECT room_id, event_id, stream_pos, highlight FROM event_push_actions
     WHERE user_id = $1 AND notify AND stream_pos <= $2 AND ($3::bigint IS NULL OR stream_pos < $3) AND (NOT $4 OR highlight)
     ORDER BY stream_pos DESC LIMIT $5`,
    [userId, upto, before ?? null, query.only === "highlight", limit],
  );
  const events = await eventsTable.getMany(db, rows.map((r) => r.event_id));
  const roomIds = [...new Set(rows.map((r) => r.room_id))];
  const visible = new Set<string>();
  for (const roomId of roomIds) {
    const candidates = [...events.values()].filter((e) => e.roomId === roomId);
    for (const id of await filterVisibleEvents(db, userId, roomId, candidates)) visible.add(id);
  }
  const read = await readPushActions(db, userId, roomIds, rows.map((r) => r.event_id), upto);
  const formatter = new EventFormatter(db, { viewer: { userId, deviceId: undefined }, now: ctx.clock() });
  const notifications: clientPushRules.Notification[] = [];
  for (const row of rows) {
    const event = events.get(row.event_id);
    if (!event || !visible.has(row.event_id)) continue;
    // With room_id, as Synapse sends it: clients handle notifications outside any room's timeline.
    const [formatted] = await formatter.withRoomId([event]);
    if (!formatted) continue;
    notifications.push({
      actions: actionsOf(row.highlight),
      event: formatted,
      read: read.has(row.event_id),
      room_id: row.room_id,
      ts: event.originServerTs,
    });
  }
  const last = rows[rows.length - 1];
  return rows.length === limit && last ? { notifications, next_token: String(last.stream_pos) } : { notifications };
}
