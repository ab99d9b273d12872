/**
 * User-Interactive Authentication (client-server API, "User-interactive
 * authentication API"), reusable by every endpoint that needs it: register
 * (m.login.dummy), and later password change / device deletion
 * (m.login.password, see `passwordStage` in accounts.ts).
 *
 *   no auth            → new session, 401 {flows, params, session}
 *   auth.type = stage  → check it; pass: record it, and either done or
 *                        401 {..., completed}; fail: 401 with errcode
 *   auth.session only  → 401 with progress (a client asking where it is)
 *
 * Sessions live in the database (uia_sessions), so any process can continue
 * them. The operation consumes the session in its own transaction
 * (`consume`), so one completed session authorises one operation.
 */
import type { JsonObject } from "@ward/protocol";
import { MatrixError } from "../../http/matrix-error.js";
import type { Transaction } from "../../store/database.js";
import { uiaSessionsTable, type UiaSessionRow } from "../../store/tables/uia-sessions.js";
import type { ServiceContext } from "../context.js";
import { randomLowerAlnum } from "./tokens.js";

export type UiaFlow = { readonly stages: readonly string[] };

/** What an operation asks for. `purpose` names the operation; a session only serves the purpose (and user) it began with. */
export type UiaPolicy = {
  readonly purpose: string;
  readonly userId?: string | undefined;
  readonly flows: readonly UiaFlow[];
  readonly params?: Readonly<Record<string, JsonObject>>;
};

/** The `auth` dict of a request body. */
export type UiaAuth = { type?: string | undefined; session?: string | undefined; [field: string]: unknown };

/** Checks one stage; throws a MatrixError (e.g. 403 M_FORBIDDEN) when it fails. */
export type StageCheck = (auth: UiaAuth, policy: UiaPolicy) => Promise<void>;

export interface UserInteractiveAuth {
  /** Resolves with the session ID once a flow is complete; otherwise throws UiaRequired (401). */
  authenticate(auth: UiaAuth | undefined, policy: UiaPolicy): Promise<string>;
  /** Uses the session up, inside the operation's transaction; false when another request already used it. */
  consume(tx: Transaction, sessionId: string): Promise<boolean>;
}

/** A 401 UIA answer: `{flows, params, session, completed?}`, plus errcode/error when a stage failed. */
export class UiaRequired extends MatrixError {
  constructor(
    readonly body: { flows: UiaFlow[]; params: Record<string, JsonObject>; session: string; completed?: string[] },
    readonly failure?: MatrixError,
  ) {
    super(401, failure?.errcode ?? "M_UNAUTHORIZED", failure?.message ?? "Additional authentication is required");
  }

  override toJSON(): Record<string, unknown> {
    return this.failure ? { ...this.body, errcode: this.errcode, error: this.message } : { ...this.body };
  }
}

export const DUMMY_STAGE = "m.login.dummy";
export const PASSWORD_STAGE = "m.login.password";
/** A session must finish within this time. */
export const UIA_SESSION_LIFETIME_MS = 30 * 60_000;

export function createUserInteractiveAuth(
  context: Pick<ServiceContext, "db" | "clock">,
  stages: Readonly<Record<string, StageCheck>>,
): UserInteractiveAuth {
  const { db, clock } = context;

  const challenge = (policy: UiaPolicy, session: UiaSessionRow, failure?: MatrixError) =>
    new UiaRequired(
      {
        flows: policy.flows.map((f) => ({ stages: [...f.stages] })),
        params: { ...(policy.params ?? {}) },
        session: session.sessionId,
        ...(session.completed.length > 0 ? { completed: [...session.completed] } : {}),
      },
      failure,
    );

  const open = async (policy: UiaPolicy): Promise<UiaSessionRow> => {
    const now = clock();
    const row: UiaSessionRow = {
      sessionId: randomLowerAlnum(24),
      purpose: policy.purpose,
      userId: policy.userId ?? null,
      createdTs: now,
      expiresTs: now + UIA_SESSION_LIFETIME_MS,
      completed: [],
    };
    // Opening a session is the natural moment to sweep abandoned ones; no timer needed.
    await db.transaction(async (tx) => {
      await uiaSessionsTable.deleteExpired(tx, now);
      await uiaSessionsTable.insert(tx, row);
    });
    return row;
  };

  const load = async (sessionId: string, policy: UiaPolicy): Promise<UiaSessionRow> => {
    const row = await uiaSessionsTable.get(db, sessionId, clock());
    if (!row) throw new MatrixError(400, "M_UNKNOWN", "Unknown or expired authentication session");
    if (row.purpose !== policy.purpose || row.userId !== (policy.userId ?? null)) {
      throw new MatrixError(403, "M_FORBIDDEN", "This authentication session was started for another request");
    }
    return row;
  };

  const done = (policy: UiaPolicy, completed: readonly string[]) => policy.flows.some((f) => f.stages.every((s) => completed.includes(s)));

  return {
    async authenticate(auth, policy) {
      if (auth === undefined) throw challenge(policy, await open(policy));
      const session = typeof auth.session === "string" ? await load(auth.session, policy) : await open(policy);
      if (auth.type === undefined) {
        if (done(policy, session.completed)) return session.sessionId;
        throw challenge(policy, session);
      }
      const allowed = policy.flows.some((f) => f.stages.includes(auth.type as string));
      const check = stages[auth.type];
      if (!allowed || !check) {
        throw challenge(policy, session, new MatrixError(400, "M_UNRECOGNIZED", `Authentication stage '${auth.type}' is not offered here`));
      }
      try {
        await check(auth, policy);
      } catch (err) {
        if (err instanceof MatrixError) throw challenge(policy, session, err);
        throw err;
      }
      if (!(await uiaSessionsTable.addCompleted(db, session.sessionId, auth.type))) {
        throw new MatrixError(400, "M_UNKNOWN", "Unknown or expired authentication session");
      }
      const completed = session.completed.includes(auth.type) ? session.completed : [...session.completed, auth.type];
      if (done(policy, completed)) return session.sessionId;
      throw challenge(policy, { ...session, completed });
    },

    consume: (tx, sessionId) => uiaSessionsTable.delete(tx, sessionId),
  };
}

/** m.login.dummy: passes, by definition (a flow with nothing else to ask). */
export const dummyStage: StageCheck = async () => undefined;
