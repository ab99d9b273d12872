/**
 * appendAuditRows: the head this process left is tried first, in one
 * statement; when another writer moved it, or the transaction that moved
 * it rolled back, the guess changes nothing and the head is read and
 * locked. The chain verifies either way.
 */
import t from "tap";
import { appendAudit } from "../../../src/services/audit/record.js";
import { verifyAuditChain } from "../../../src/services/audit/verify.js";
import { chainRows } from "../../../src/services/audit/chain.js";
import type { Database, Transaction } from "../../../src/store/database.js";
import { auditLogTable } from "../../../src/store/tables/audit-log.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { recordStatements } from "../../helpers/statements.js";
import { T0 } from "../../store/fixtures.js";

/** Runs `fn` in a transaction, writing down its statements. */
async function recorded(db: Database, fn: (tx: Transaction) => Promise<void>): Promise<string[]> {
  return db.transaction(async (tx) => {
    const recording = recordStatements(tx);
    await fn(recording.q);
    return recording.statements;
  });
}

const act = (n: number) => [{ action: "login" as const, actor: `@user${n}:ward.test`, deviceId: null, address: null, endpoint: null }];

await forEachDatabase(t, "the head left by this process is tried first; a wrong guess falls back and keeps the chain", async (t, db) => {
  await recorded(db, (tx) => appendAudit(tx, T0, act(1))); // learns the head of this database
  const second = await recorded(db, (tx) => appendAudit(tx, T0, act(2)));
  t.equal(second.length, 1, "one statement when the guess holds");
  t.notMatch(second[0], /FOR UPDATE/);

  // Another process appends: the guess is stale now.
  await db.transaction(async (tx) => auditLogTable.append(tx, chainRows(await auditLogTable.lockHead(tx), [{ ts: T0, actor: "@other:ward.test", deviceId: null, address: null, action: "login", roomId: null, eventId: null, targetUser: null, targetDevice: null, streamFrom: null, streamTo: null, endpoint: null, outcome: "ok", errcode: null }])));
  const third = await recorded(db, (tx) => appendAudit(tx, T0, act(3)));
  t.equal(third.length, 3, "the guess, then the head read and locked, then the rows");
  t.match(third[1], /FOR UPDATE/);

  // A transaction that moved the head rolls back: the head this process remembers never was.
  await t.rejects(db.transaction(async (tx) => {
    await appendAudit(tx, T0, act(4));
    throw new Error("the act failed");
  }));
  t.equal((await recorded(db, (tx) => appendAudit(tx, T0, act(5)))).length, 3);
  t.equal((await recorded(db, (tx) => appendAudit(tx, T0, act(6)))).length, 1);

  const verdict = await verifyAuditChain(db);
  t.equal(verdict.ok, true, "the chain verifies");
  t.same((await auditLogTable.listOldest(db, {}, 100)).map((r) => r.actor), ["@user1:ward.test", "@user2:ward.test", "@other:ward.test", "@user3:ward.test", "@user5:ward.test", "@user6:ward.test"]);
});
