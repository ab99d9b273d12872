/** Schema 004: users' stored push rules (see tables/push-rules.ts), and newest-first reads for GET /notifications. */
import type { Migration } from "./migration.js";

export const migration004: Migration = {
  id: 4,
  name: "push_rules",
  sql: /* sql */ `
CREATE TABLE push_rules (
  user_id text PRIMARY KEY,
  rules_json text NOT NULL, -- StoredPushRules as JSON
  stream_pos bigint NOT NULL
);
-- GET /notifications: one user's rows, newest first.
CREATE INDEX event_push_actions_user_pos ON event_push_actions (user_id, stream_pos);
`,
};
