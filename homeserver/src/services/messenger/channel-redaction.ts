/**
 * The org setting "messages in channels may be deleted" (redaction), stored
 * in server_settings as `channel_redaction` = true | false. Off unless an
 * admin turned it on: a clinic's messages are kept for the record. Messages
 * in direct conversations are never deleted, whatever this says (rules.ts).
 *
 * Unlike the idle timeout (read on every request, so cached per process),
 * this is read in the transaction of each redaction, which is rare: turning
 * deletion off applies to the very next redaction, through every process.
 */
import type { SqlExecutor, Transaction } from "../../store/database.js";
import { serverSettingsTable } from "../../store/tables/server-settings.js";
import { appendAudit } from "../audit/record.js";

export const CHANNEL_REDACTION_SETTING = "channel_redaction";

/** Anything but a stored `true` (unset, or edited by hand into something else) means "not allowed". */
export async function channelRedactionAllowed(q: SqlExecutor): Promise<boolean> {
  const row = await serverSettingsTable.get(q, CHANNEL_REDACTION_SETTING);
  return row?.value === true;
}

/** Stores the setting and its audit record in the caller's transaction (the audit row last). */
export async function writeChannelRedaction(tx: Transaction, allowed: boolean, by: string | null, now: number): Promise<void> {
  await serverSettingsTable.put(tx, { name: CHANNEL_REDACTION_SETTING, value: allowed, updatedTs: now, updatedBy: by });
  await appendAudit(tx, now, [{ action: "admin_settings_change", actor: by }]);
}
