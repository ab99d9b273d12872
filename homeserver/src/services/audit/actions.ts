/**
 * The audit trail's fixed vocabulary. A row records who did what to which
 * object, never what was said: no message content, tokens, passwords, file
 * names, display names or room names ever reach these fields.
 */
export const AUDIT_ACTIONS = [
  "login", "login_failed", "logout", "logout_all", "session_timeout", "password_change", "device_delete", "deactivate",
  "room_create", "room_join", "room_leave", "room_invite", "room_kick", "room_ban",
  "message_send", "redaction", "history_read", "media_upload", "media_download",
  "admin_settings_read", "admin_settings_change", "admin_deactivate", "admin_audit_query", "admin_audit_export", "admin_audit_verify",
  "denied",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}
