/**
 * The organisation's idle timeout: how long a session lives without user
 * activity. Four hours unless an admin set less (never below five minutes);
 * stored in server_settings so every process applies the same value.
 *
 * Read on every authenticated request, so each process keeps the value for
 * CACHE_MS: a change made through another process applies here within that
 * time, at once in the process that made it.
 */
import { MatrixError } from "../../http/matrix-error.js";
import { serverSettingsTable } from "../../store/tables/server-settings.js";
import { appendAudit } from "../audit/record.js";
import type { ServiceContext } from "../context.js";

export const MAX_IDLE_TIMEOUT_MS = 4 * 3_600_000;
export const MIN_IDLE_TIMEOUT_MS = 5 * 60_000;
const SETTING = "idle_timeout_ms";
const CACHE_MS = 30_000;

export interface IdleTimeoutSetting {
  /** The timeout in force, in milliseconds. */
  current(): Promise<number>;
  /** 400 M_INVALID_PARAM outside MIN..MAX (a higher value is refused, not capped); returns the value set. */
  set(ms: number, by: string): Promise<number>;
}

export function checkIdleTimeout(ms: number): void {
  if (!Number.isInteger(ms)) throw new MatrixError(400, "M_INVALID_PARAM", "idle_timeout_ms must be a whole number of milliseconds");
  if (ms < MIN_IDLE_TIMEOUT_MS) {
    throw new MatrixError(400, "M_INVALID_PARAM", `idle_timeout_ms must be at least ${MIN_IDLE_TIMEOUT_MS} (5 minutes)`);
  }
  if (ms > MAX_IDLE_TIMEOUT_MS) {
    throw new MatrixError(400, "M_INVALID_PARAM", `idle_timeout_ms must be at most ${MAX_IDLE_TIMEOUT_MS} (4 hours)`);
  }
}

/** A stored value outside the bounds (edited by hand) is not trusted: the bound it crossed applies. */
function usable(value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) return MAX_IDLE_TIMEOUT_MS;
  return Math.min(MAX_IDLE_TIMEOUT_MS, Math.max(MIN_IDLE_TIMEOUT_MS, value));
}

export function createIdleTimeoutSetting(context: Pick<ServiceContext, "db" | "clock" | "logger">): IdleTimeoutSetting {
  const { db, clock, logger } = context;
  // Cache age is measured in real time: it bounds staleness between processes, whatever the injected clock says.
  let cached: { value: number; readAt: number } | undefined;

  return {
    async current() {
      if (cached && performance.now() - cached.readAt < CACHE_MS) return cached.value;
      const row = await serverSettingsTable.get(db, SETTING);
      cached = { value: row ? usable(row.value) : MAX_IDLE_TIMEOUT_MS, readAt: performance.now() };
      return cached.value;
    },

    async set(ms, by) {
      checkIdleTimeout(ms);
      const now = clock();
      await db.transaction(async (tx) => {
        await serverSettingsTable.put(tx, { name: SETTING, value: ms, updatedTs: now, updatedBy: by });
        // Audit: the change and its record commit together.
        await appendAudit(tx, now, [{ action: "admin_settings_change", actor: by }]);
      });
      cached = { value: ms, readAt: performance.now() };
      logger.info({ idleTimeoutMs: ms, by }, "idle timeout changed");
      return ms;
    },
  };
}
