/** Reading the audit trail back in tests. */
import type { Database } from "../../../src/store/database.js";
import { auditLogTable, type AuditRow } from "../../../src/store/tables/audit-log.js";

export async function auditRows(db: Database, afterSeq = 0): Promise<AuditRow[]> {
  return auditLogTable.listOldest(db, { afterSeq }, 10_000);
}

export async function lastSeq(db: Database): Promise<number> {
  return (await auditLogTable.head(db)).seq;
}

/** The rows written since `afterSeq`, as [action, actor, room, event, target] tuples for compact assertions. */
export async function actsSince(db: Database, afterSeq: number): Promise<Array<[string, string | null, string | null, string | null, string | null]>> {
  return (await auditRows(db, afterSeq)).map((r) => [r.action, r.actor, r.roomId, r.eventId, r.targetUser]);
}

/** Every audit row as text: for "this string appears nowhere in the trail". */
export async function auditText(db: Database): Promise<string> {
  return JSON.stringify(await auditRows(db));
}

/** Runs `fn` while audit_log refuses every insert (a test-only trigger), then removes the trigger. */
export async function withAuditRefusing<T>(db: Database, fn: () => Promise<T>): Promise<T> {
  await db.exec(`
    CREATE OR REPLACE FUNCTION audit_log_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'test: audit_log refuses inserts'; END $$;
    CREATE TRIGGER audit_log_test_refuse BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_test_refuse();`);
  try {
    return await fn();
  } finally {
    await db.exec("DROP TRIGGER audit_log_test_refuse ON audit_log; DROP FUNCTION audit_log_test_refuse();");
  }
}
