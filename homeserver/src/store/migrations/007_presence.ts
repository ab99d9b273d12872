/** Schema 007: presence (see tables/presence.ts). */
import type { Migration } from "./migration.js";

export const migration007: Migration = {
  id: 7,
  name: "presence",
  sql: /* sql */ `
CREATE TABLE presence (
  user_id text PRIMARY KEY,
  state text NOT NULL CHECK (state IN ('online', 'unavailable', 'offline')),
  -- The status message is free text a user types: sealed at rest like account data (AD: "presence", user_id).
  sealed_status_msg bytea,
  status_key_id text,
  -- true when the state was set by PUT /presence: syncing does not override an explicit unavailable or offline.
  explicit boolean NOT NULL,
  last_active_ts bigint NOT NULL,
  -- The last sign of life (a /sync that affects presence, or a PUT): the sweeper marks users offline from it.
  last_sync_ts bigint NOT NULL,
  -- Moves only when what others see changes (state, status message).
  stream_pos bigint NOT NULL
);
CREATE INDEX presence_stream ON presence (stream_pos);
-- The sweeper's scan: users not yet offline, by how long ago they synced.
CREATE INDEX presence_last_sync ON presence (last_sync_ts) WHERE state <> 'offline';
`,
};
