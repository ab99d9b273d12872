/**
 * The audit service: the batching writer for acts without a transaction of
 * their own (history reads, denials), and the admin side of the trail —
 * query, export, verify — for admin users only (anyone else: 403, which is
 * itself recorded as a denial). Every admin use of the trail is recorded too.
 *
 * Acts that have a transaction record themselves in it (record.ts).
 */
import type { Session } from "../../http/auth.js";
import { forbidden, invalidParam } from "../../http/matrix-error.js";
import { auditLogTable, type AuditFilter } from "../../store/tables/audit-log.js";
import { usersTable } from "../../store/tables/users.js";
import type { ServiceContext } from "../context.js";
import type { AuditAction } from "./actions.js";
import { auditRecordJson, type AuditRecordJson } from "./chain.js";
import type { AuditEntry } from "./record.js";
import { verifyAuditChain, type VerifyResult } from "./verify.js";
import { createAuditWriter, type AuditWriter, type AuditWriterOptions } from "./writer.js";

export type { AuditAction } from "./actions.js";
export type { AuditEntry } from "./record.js";

/** Filters of the admin API, already validated. */
export type AuditQuery = Omit<AuditFilter, "beforeSeq" | "afterSeq">;

export type AuditPage = { chunk: AuditRecordJson[]; next_batch?: string };

export interface AuditService {
  /** For acts without a transaction: resolves when recorded; the request must fail when it rejects. */
  record(entries: readonly AuditEntry[]): Promise<void>;
  /** Newest first; `since` is a next_batch from an earlier page. */
  query(caller: Session, filter: AuditQuery, limit: number, since: string | undefined): Promise<AuditPage>;
  /** Oldest first, in pages; checked and recorded before the first row is read. */
  exportRows(caller: Session, filter: AuditQuery): Promise<AsyncIterable<AuditRecordJson>>;
  verify(caller: Session): Promise<VerifyResult>;
  /** Writes what the batching writer holds. */
  close(): Promise<void>;
}

const EXPORT_PAGE = 1000;

/** `since` tokens are the seq to continue below, as decimal text. */
function parseSince(since: string | undefined): number | undefined {
  if (since === undefined) return undefined;
  if (!/^[1-9][0-9]{0,15}$/.test(since)) throw invalidParam("'since' is not a valid token");
  return Number(since);
}

export function createAuditService(context: Pick<ServiceContext, "db" | "clock">, options: AuditWriterOptions = {}): AuditService {
  const { db } = context;
  const writer: AuditWriter = createAuditWriter(context, options);

  /** Admins only; the use is recorded before anything is read. */
  const adminAct = async (caller: Session, action: AuditAction, filter?: AuditQuery): Promise<void> => {
    const user = await usersTable.get(db, caller.userId);
    if (!user?.isAdmin || user.deactivated) throw forbidden("This endpoint is for server admins only");
    await writer.record([{ action, roomId: filter?.roomId, targetUser: filter?.actor }]);
  };

  return {
    record: (entries) => writer.record(entries),

    async query(caller, filter, limit, since) {
      const beforeSeq = parseSince(since);
      await adminAct(caller, "admin_audit_query", filter);
      const rows = await auditLogTable.listNewest(db, { ...filter, beforeSeq }, limit + 1);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { chunk: page.map(auditRecordJson), ...(rows.length > limit && last && { next_batch: String(last.seq) }) };
    },

    async exportRows(caller, filter) {
      await adminAct(caller, "admin_audit_export", filter);
      return (async function* () {
        let afterSeq = 0;
        for (;;) {
          const rows = await auditLogTable.listOldest(db, { ...filter, afterSeq }, EXPORT_PAGE);
          for (const row of rows) yield auditRecordJson(row);
          const last = rows[rows.length - 1];
          if (!last || rows.length < EXPORT_PAGE) return;
          afterSeq = last.seq;
        }
      })();
    },

    async verify(caller) {
      await adminAct(caller, "admin_audit_verify");
      return verifyAuditChain(db);
    },

    close: () => writer.close(),
  };
}
