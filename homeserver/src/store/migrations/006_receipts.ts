/** Schema 006: read receipts (see tables/receipts.ts), and the thread of each push action so threaded receipts clear the right counts. */
import type { Migration } from "./migration.js";

export const migration006: Migration = {
  id: 6,
  name: "receipts",
  sql: /* sql */ `
CREATE TABLE receipts (
  room_id text NOT NULL REFERENCES rooms (room_id),
  receipt_type text NOT NULL,
  user_id text NOT NULL,
  -- '' for an unthreaded receipt, 'main' or a thread root's event ID otherwise.
  thread_id text NOT NULL,
  event_id text NOT NULL,
  event_stream_pos bigint NOT NULL,
  ts bigint NOT NULL,
  stream_pos bigint NOT NULL,
  PRIMARY KEY (room_id, receipt_type, user_id, thread_id)
);
CREATE INDEX receipts_room_stream ON receipts (room_id, stream_pos);
ALTER TABLE event_push_actions ADD COLUMN thread_id text NOT NULL DEFAULT 'main';
`,
};
