/**
 * The account data service: a user's opaque JSON objects keyed by type,
 * global or per room. Each write takes a new stream position in its
 * transaction and, after COMMIT, wakes the user's /sync, which delivers the
 * change from the account_data table (services/sync/account-data.ts).
 */
import type { JsonObject } from "@ward/protocol";
import { MatrixError, forbidden, notFound } from "../../http/matrix-error.js";
import { allocateStreamPositions } from "../../store/stream.js";
import { accountDataTable, GLOBAL_ACCOUNT_DATA } from "../../store/tables/account-data.js";
import type { ServiceContext } from "../context.js";

/** Types the server maintains itself: clients read them through /sync but cannot set them here (spec: 405 M_BAD_JSON). */
export const SERVER_CONTROLLED_TYPES: ReadonlySet<string> = new Set(["m.fully_read", "m.push_rules"]);

export interface AccountDataService {
  /** `roomId` undefined means global account data. 404 when nothing is stored. */
  get(sender: string, userId: string, roomId: string | undefined, type: string): Promise<JsonObject>;
  set(sender: string, userId: string, roomId: string | undefined, type: string, content: JsonObject): Promise<void>;
}

function checkSelf(sender: string, userId: string, verb: string): void {
  if (sender !== userId) throw forbidden(`Cannot ${verb} account data for other users`);
}

export function createAccountDataService(ctx: ServiceContext): AccountDataService {
  return {
    async get(sender, userId, roomId, type) {
      checkSelf(sender, userId, "read");
      const row = await accountDataTable.get(ctx.db, userId, roomId ?? GLOBAL_ACCOUNT_DATA, type);
      if (!row) throw notFound(`No account data of type ${type}`);
      return JSON.parse(row.content) as JsonObject;
    },

    async set(sender, userId, roomId, type, content) {
      checkSelf(sender, userId, "add");
      if (SERVER_CONTROLLED_TYPES.has(type)) throw new MatrixError(405, "M_BAD_JSON", `Cannot set ${type} through this API`);
      const position = await ctx.db.transaction(async (tx) => {
        const streamPos = await allocateStreamPositions(tx);
        await accountDataTable.upsert(tx, { userId, roomId: roomId ?? GLOBAL_ACCOUNT_DATA, type, content: JSON.stringify(content), streamPos });
        return streamPos;
      });
      // After COMMIT: a woken /sync must find the row.
      ctx.bus.publish({ kind: "stream", position, roomIds: [], userIds: [userId] }).catch((err: unknown) => {
        ctx.logger.warn({ err, userId, position }, "bus publish failed");
      });
    },
  };
}
