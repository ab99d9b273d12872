/**
 * Ward's audit trail API (admin users only; see services/audit).
 *   GET  /_ward/admin/v1/audit          ?user_id&room_id&action&from_ts&to_ts&limit&since
 *   GET  /_ward/admin/v1/audit/export   same filters, JSON lines, streamed
 *   POST /_ward/admin/v1/audit/verify
 */
import { Readable } from "node:stream";
import { wardAudit } from "@ward/protocol";
import { invalidParam } from "../../http/matrix-error.js";
import { HANDLED, route, type ServiceArea } from "../../http/route.js";
import { isAuditAction } from "../../services/audit/actions.js";
import type { AuditQuery } from "../../services/audit/index.js";

const DEFAULT_LIMIT = 100;

type FilterParams = { user_id?: string | undefined; room_id?: string | undefined; action?: string | undefined; from_ts?: number | undefined; to_ts?: number | undefined };

function filterOf(query: FilterParams): AuditQuery {
  if (query.action !== undefined && !isAuditAction(query.action)) throw invalidParam("'action' is not an audit action");
  return { actor: query.user_id, roomId: query.room_id, action: query.action, fromTs: query.from_ts, toTs: query.to_ts };
}

export const wardAuditApi: ServiceArea = ({ services }) => [
  route(wardAudit.queryAudit, async (req) =>
    services.audit.query(req.session, filterOf(req.query), req.query.limit ?? DEFAULT_LIMIT, req.query.since),
  ),
  route(wardAudit.exportAudit, async (req, ctx) => {
    const rows = await services.audit.exportRows(req.session, filterOf(req.query));
    ctx.status = 200;
    ctx.type = "application/x-ndjson";
    ctx.body = Readable.from(
      (async function* () {
        for await (const row of rows) yield `${JSON.stringify(row)}\n`;
      })(),
    );
    return HANDLED;
  }),
  route(wardAudit.verifyAudit, async (req) => {
    const result = await services.audit.verify(req.session);
    return result.ok
      ? { ok: true, rows: result.rows }
      : { ok: false, rows: result.rows, first_broken_seq: result.firstBrokenSeq, reason: result.reason };
  }),
];
