/**
 * Schema 001. Plain Postgres SQL, kept in a TypeScript module so it ships in
 * dist/ with the plain `tsc -b` build and loads the same way under tsx.
 *
 * Never edit a migration that has shipped: add the next number instead.
 *
 * Everything /sync delivers carries `stream_pos` from stream_head (see
 * ../stream.ts for why it is not a sequence). Event and account-data bodies
 * are opaque text (they become ciphertext with encryption at rest): every
 * column a query filters on is stored beside them in the clear.
 */
import type { Migration } from "./migration.js";

export const migration001: Migration = {
  id: 1,
  name: "initial",
  sql: /* sql */ `
CREATE TABLE stream_head (
  id integer PRIMARY KEY CHECK (id = 1),
  position bigint NOT NULL
);
INSERT INTO stream_head (id, position) VALUES (1, 0);

CREATE TABLE users (
  user_id text PRIMARY KEY,
  localpart text NOT NULL UNIQUE,
  password_hash text,
  created_ts bigint NOT NULL,
  is_admin boolean NOT NULL DEFAULT false,
  is_guest boolean NOT NULL DEFAULT false,
  deactivated boolean NOT NULL DEFAULT false,
  displayname text,
  avatar_url text,
  first_login_ts bigint -- the staff directory lists users who logged in at least once
);

CREATE TABLE devices (
  user_id text NOT NULL REFERENCES users (user_id),
  device_id text NOT NULL,
  display_name text,
  created_ts bigint NOT NULL,
  last_seen_ts bigint,
  last_seen_ip text,
  PRIMARY KEY (user_id, device_id)
);

-- Only the SHA-256 of a token is stored. Deleting a device revokes its tokens (cascade).
CREATE TABLE access_tokens (
  token_hash bytea PRIMARY KEY,
  user_id text NOT NULL,
  device_id text NOT NULL,
  created_ts bigint NOT NULL,
  last_used_ts bigint NOT NULL,
  last_activity_ts bigint NOT NULL, -- user activity, for the idle timeout
  expires_ts bigint,
  FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
);
CREATE INDEX access_tokens_device ON access_tokens (user_id, device_id);

CREATE TABLE rooms (
  room_id text PRIMARY KEY,
  room_version text NOT NULL,
  creator text NOT NULL,
  created_ts bigint NOT NULL,
  is_direct boolean NOT NULL DEFAULT false,
  published boolean NOT NULL DEFAULT false -- listed in the room directory
);
CREATE INDEX rooms_published ON rooms (room_id) WHERE published;

CREATE TABLE events (
  event_id text PRIMARY KEY,
  stream_pos bigint NOT NULL UNIQUE,
  room_id text NOT NULL,
  type text NOT NULL,
  state_key text,
  sender text NOT NULL,
  origin_server_ts bigint NOT NULL,
  depth bigint NOT NULL,
  membership text, -- content.membership of m.room.member events: pdu is opaque, so it is kept here
  pdu text NOT NULL, -- the full PDU JSON (ciphertext once encryption at rest lands): never queried inside
  redacted_by text
);
-- Timelines: a room's events in stream order, both directions, and the last N per room for /sync.
CREATE INDEX events_room_stream ON events (room_id, stream_pos);
-- State as of a position (membership at a point, history visibility): latest row per (type, state_key).
CREATE INDEX events_room_state ON events (room_id, type, state_key, stream_pos) WHERE state_key IS NOT NULL;

CREATE TABLE current_state (
  room_id text NOT NULL,
  type text NOT NULL,
  state_key text NOT NULL,
  event_id text NOT NULL,
  membership text, -- for m.room.member rows
  stream_pos bigint NOT NULL,
  PRIMARY KEY (room_id, type, state_key)
);
-- "Rooms where user X has membership M"; members of one room use the primary key.
CREATE INDEX current_state_user_membership ON current_state (state_key, membership, room_id)
  WHERE type = 'm.room.member';

-- Forward extremities: the events with no children yet, the prev_events of the next event.
CREATE TABLE room_extremities (
  room_id text NOT NULL,
  event_id text NOT NULL,
  PRIMARY KEY (room_id, event_id)
);

-- Idempotent sends across restarts: written in the same transaction as the event.
CREATE TABLE txn_ids (
  user_id text NOT NULL,
  device_id text NOT NULL,
  txn_id text NOT NULL,
  room_id text NOT NULL,
  event_id text NOT NULL,
  created_ts bigint NOT NULL,
  PRIMARY KEY (user_id, device_id, txn_id)
);

CREATE TABLE filters (
  user_id text NOT NULL,
  filter_id bigint NOT NULL,
  filter_json text NOT NULL,
  PRIMARY KEY (user_id, filter_id)
);

CREATE TABLE account_data (
  user_id text NOT NULL,
  room_id text NOT NULL DEFAULT '', -- '' = global account data
  type text NOT NULL,
  content text NOT NULL,
  stream_pos bigint NOT NULL,
  PRIMARY KEY (user_id, room_id, type)
);
CREATE INDEX account_data_stream ON account_data (user_id, stream_pos);

CREATE TABLE room_forgotten (
  user_id text NOT NULL,
  room_id text NOT NULL,
  PRIMARY KEY (user_id, room_id)
);
`,
};
