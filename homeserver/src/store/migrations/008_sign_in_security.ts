/**
 * Schema 008: sign-in throttling and organisation settings (see
 * tables/login-throttle.ts and tables/server-settings.ts). The admin flag
 * these build on is users.is_admin, there since 001.
 */
import type { Migration } from "./migration.js";

export const migration008: Migration = {
  id: 8,
  name: "sign_in_security",
  sql: /* sql */ `
CREATE TABLE login_throttle (
  scope text NOT NULL,          -- 'account' (a user ID) or 'address' (a client IP)
  key text NOT NULL,
  window_start_ts bigint NOT NULL,
  failures integer NOT NULL,
  locked_until_ts bigint,
  PRIMARY KEY (scope, key)
);
CREATE INDEX login_throttle_window ON login_throttle (window_start_ts);

CREATE TABLE server_settings (
  name text PRIMARY KEY,
  value text NOT NULL,          -- JSON
  updated_ts bigint NOT NULL,
  updated_by text
);
`,
};
