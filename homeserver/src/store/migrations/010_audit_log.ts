/**
 * Schema 010: the audit trail (services/audit). One row per security-relevant
 * act, hash-chained in `seq` order: each row's hash covers its fields and the
 * previous row's hash, so a changed, removed or reordered row breaks the
 * chain (services/audit/verify.ts).
 *
 * audit_head is the chain's single writer lock and its tail anchor (like
 * stream_head): a writer locks it as the LAST step before COMMIT, so rows
 * commit in seq order across processes, and a removed tail row no longer
 * matches the head.
 *
 * Append-only: triggers refuse UPDATE, DELETE and TRUNCATE on audit_log for
 * every role, the table owner included (only a superuser, or the owner
 * disabling the triggers on purpose, can get past them; verify then tells).
 * Deployers who run migrations as a separate owner role should also
 * `REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM <server role>`.
 */
import type { Migration } from "./migration.js";

export const migration010: Migration = {
  id: 10,
  name: "audit_log",
  sql: /* sql */ `
CREATE TABLE audit_head (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));

CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  ts bigint NOT NULL,            -- UTC milliseconds
  actor text,                    -- user ID; NULL for an anonymous or unresolved caller
  device_id text,
  address text,                  -- client address
  action text NOT NULL,
  room_id text,
  event_id text,
  target_user text,
  target_device text,            -- device_delete: the device deleted (device_id is the caller's)
  stream_from bigint,            -- history reads: the stream positions served, (from, to]
  stream_to bigint,
  endpoint text,                 -- endpoint id from the route definition
  outcome text NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
  errcode text,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_room ON audit_log (room_id, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_ts ON audit_log (ts);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
`,
};
