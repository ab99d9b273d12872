/**
 * Schema 009: encryption at rest (see crypto/at-rest.ts and
 * tables/data-keys.ts). Data keys (DEKs) are stored wrapped by a key that
 * never enters the database (the KEK, WARD_MASTER_KEY_FILE or
 * WARD_MASTER_KEY). Event PDUs and account data content move to sealed
 * columns that record their data key; rows written before this migration
 * keep their plaintext column (key_id NULL) until `at-rest reencrypt`
 * seals them.
 */
import type { Migration } from "./migration.js";

export const migration009: Migration = {
  id: 9,
  name: "encryption_at_rest",
  sql: /* sql */ `
CREATE TABLE data_keys (
  key_id text PRIMARY KEY,
  wrapped bytea NOT NULL,    -- nonce || XChaCha20-Poly1305 of the 32-byte DEK under KEK kek_id, AD = key_id
  kek_id text NOT NULL,
  created_ts bigint NOT NULL,
  active boolean NOT NULL DEFAULT false -- the one DEK that seals new rows
);
CREATE UNIQUE INDEX data_keys_one_active ON data_keys (active) WHERE active;

-- Each row is either legacy plaintext (pdu) or sealed (sealed_pdu + key_id).
-- NOT VALID: existing rows are plaintext and valid; skip the scan of a large table.
ALTER TABLE events ALTER COLUMN pdu DROP NOT NULL;
ALTER TABLE events ADD COLUMN sealed_pdu bytea, ADD COLUMN key_id text REFERENCES data_keys (key_id);
ALTER TABLE events ADD CONSTRAINT events_one_pdu_form
  CHECK ((key_id IS NULL) = (sealed_pdu IS NULL) AND (pdu IS NULL) <> (sealed_pdu IS NULL)) NOT VALID;

ALTER TABLE account_data ALTER COLUMN content DROP NOT NULL;
ALTER TABLE account_data ADD COLUMN sealed_content bytea, ADD COLUMN key_id text REFERENCES data_keys (key_id);
ALTER TABLE account_data ADD CONSTRAINT account_data_one_content_form
  CHECK ((key_id IS NULL) = (sealed_content IS NULL) AND (content IS NULL) <> (sealed_content IS NULL)) NOT VALID;
`,
};
