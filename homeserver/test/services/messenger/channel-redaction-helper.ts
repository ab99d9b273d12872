/**
 * For tests that redact in channels: deleting messages there is off unless
 * the org allows it (services/messenger/channel-redaction.ts). This turns it
 * on straight in the database, as the admin endpoint would.
 */
import { writeChannelRedaction } from "../../../src/services/messenger/channel-redaction.js";
import type { Database } from "../../../src/store/database.js";

export async function allowChannelRedaction(db: Database, allowed = true): Promise<void> {
  await db.transaction((tx) => writeChannelRedaction(tx, allowed, null, Date.now()));
}
