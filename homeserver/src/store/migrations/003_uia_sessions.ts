/** Schema 003: User-Interactive Authentication sessions (see tables/uia-sessions.ts). */
import type { Migration } from "./migration.js";

export const migration003: Migration = {
  id: 3,
  name: "uia_sessions",
  sql: /* sql */ `
CREATE TABLE uia_sessions (
  session_id text PRIMARY KEY,
  purpose text NOT NULL,
  user_id text,
  created_ts bigint NOT NULL,
  expires_ts bigint NOT NULL,
  completed text NOT NULL DEFAULT '[]' -- JSON array of completed stage types
);
CREATE INDEX uia_sessions_expiry ON uia_sessions (expires_ts);
`,
};
