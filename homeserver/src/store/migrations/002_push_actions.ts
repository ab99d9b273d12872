/**
 * Schema 002: per-user notification decisions for each event, written by the
 * event writer in the event's transaction. /sync counts a room's unread
 * notifications and highlights from these rows (positions after the user's
 * read receipt); a push gateway will read them too.
 */
import type { Migration } from "./migration.js";

export const migration002: Migration = {
  id: 2,
  name: "push_actions",
  sql: /* sql */ `
CREATE TABLE event_push_actions (
  user_id text NOT NULL,
  room_id text NOT NULL,
  event_id text NOT NULL,
  stream_pos bigint NOT NULL,
  notify boolean NOT NULL,
  highlight boolean NOT NULL,
  PRIMARY KEY (user_id, event_id)
);
-- Unread counts: one user's rows in one room after a position.
CREATE INDEX event_push_actions_user_room ON event_push_actions (user_id, room_id, stream_pos);
`,
};
