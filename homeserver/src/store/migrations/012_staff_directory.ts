/**
 * Schema 012: the staff directory (services/staff). Who is listed is decided
 * from the users row alone:
 *   - last_login_ts: the latest successful sign-in (login, or registration
 *     that signs in); first_login_ts (since 001) keeps the first one. Existing
 *     rows start from their first login.
 *   - is_bot / is_staff: a bot account (create-user --bot) is left out of the
 *     directory unless marked as staff (--staff). is_staff NULL means "the
 *     default": staff unless a bot; false keeps a person's account out too.
 *   - server setting `messenger_enabled_ts` (JSON number, ms): when Messenger
 *     was turned on for the organisation; only sign-ins at or after it count.
 *     A new server records the time of its first start-up (when this runs);
 *     an existing one the creation of its oldest account, so nobody who has
 *     already signed in disappears from the directory on upgrade.
 */
import type { Migration } from "./migration.js";

export const migration012: Migration = {
  id: 12,
  name: "staff_directory",
  sql: /* sql */ `
ALTER TABLE users ADD COLUMN last_login_ts bigint;
ALTER TABLE users ADD COLUMN is_bot boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN is_staff boolean;
UPDATE users SET last_login_ts = first_login_ts;

INSERT INTO server_settings (name, value, updated_ts, updated_by)
SELECT 'messenger_enabled_ts',
       COALESCE(min(created_ts), (extract(epoch FROM clock_timestamp()) * 1000)::bigint)::text,
       (extract(epoch FROM clock_timestamp()) * 1000)::bigint,
       NULL
FROM users
ON CONFLICT (name) DO NOTHING;
`,
};
