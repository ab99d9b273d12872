/**
 * The stream head's promise: every position at or below the committed head
 * is readable. These tests try to catch a reader seeing N while some
 * position below N is still uncommitted.
 */
import t from "tap";
import type { Database } from "../../src/store/database.js";
import { allocateStreamPositions, currentStreamPosition } from "../../src/store/stream.js";
import { forEachDatabase } from "../helpers/databases.js";
import { eventRow, insertEvent, sleep } from "./fixtures.js";

/** A gate a test opens by hand. */
function gate(): { wait: Promise<void>; open(): void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

/** What a /sync reader relies on: count(positions ≤ head) = head, since positions are gap-free. */
async function checkHead(db: Database): Promise<{ head: number; visible: number }> {
  const head = await currentStreamPosition(db);
  const [row] = await db.query<{ n: number }>("SELECT count(*) AS n FROM events WHERE stream_pos <= $1", [head]);
  return { head, visible: row?.n ?? -1 };
}

await forEachDatabase(t, "positions are consecutive; a batch reserves a block", async (t, db) => {
  t.equal(await currentStreamPosition(db), 0);
  t.equal(await db.transaction((tx) => allocateStreamPositions(tx)), 1);
  t.equal(await db.transaction((tx) => allocateStreamPositions(tx, 3)), 2, "first of 2, 3, 4");
  t.equal(await db.transaction((tx) => allocateStreamPositions(tx)), 5);
  t.equal(await currentStreamPosition(db), 5);
  await t.rejects(db.transaction((tx) => allocateStreamPositions(tx, 0)), RangeError);
});

await forEachDatabase(t, "a rolled-back allocation leaves no gap", async (t, db) => {
  await t.rejects(db.transaction(async (tx) => {
    await allocateStreamPositions(tx);
    throw new Error("abandon");
  }));
  t.equal(await currentStreamPosition(db), 0);
  t.equal(await db.transaction((tx) => allocateStreamPositions(tx)), 1);
});

await forEachDatabase(t, "a second writer waits for the first to commit", async (t, db) => {
  const holdA = gate();
  const allocatedA = gate();
  const a = db.transaction(async (tx) => {
    const pos = await allocateStreamPositions(tx);
    await insertEvent(tx, eventRow("!r:ward.test", { streamPos: pos }));
    allocatedA.open();
    await holdA.wait;
    return pos;
  });
  await allocatedA.wait;
  let bPos: number | undefined;
  const b = db.transaction(async (tx) => {
    bPos = await allocateStreamPositions(tx);
    await insertEvent(tx, eventRow("!r:ward.test", { streamPos: bPos }));
    return bPos;
  });
  await sleep(200);
  t.equal(bPos, undefined, "B cannot take a position while A is open");
  if (db.kind === "pg") t.strictSame(await checkHead(db), { head: 0, visible: 0 }, "readers still see head 0");
  holdA.open();
  t.equal(await a, 1);
  t.equal(await b, 2);
  t.strictSame(await checkHead(db), { head: 2, visible: 2 });
});

await forEachDatabase(t, "20 concurrent writers, some slow, some failing: the head never runs ahead", async (t, db) => {
  let writersDone = false;
  const observations: { head: number; visible: number }[] = [];
  const reader = (async () => {
    while (!writersDone) {
      observations.push(await checkHead(db));
      await sleep(1);
    }
  })();
  const writers = Array.from({ length: 20 }, (_, i) =>
    db.transaction(async (tx) => {
      await sleep((i * 7) % 30); // work before taking a position: the order of arrival varies
      const pos = await allocateStreamPositions(tx);
      await insertEvent(tx, eventRow("!r:ward.test", { eventId: `$w${i}`, streamPos: pos }));
      if (i % 4 === 0) await sleep(40); // a slow writer between position and commit
      if (i % 7 === 3) throw new Error("writer fails after taking a position");
      return pos;
    }).catch(() => null),
  );
  const positions = (await Promise.all(writers)).filter((p): p is number => p !== null);
  writersDone = true;
  await reader;
  observations.push(await checkHead(db));
  const violations = observations.filter((o) => o.visible !== o.head);
  t.strictSame(violations, [], `no head ran ahead of its commits (${observations.length} observations)`);
  t.ok(observations.every((o, i) => i === 0 || o.head >= observations[i - 1]!.head), "the head never goes back");
  t.strictSame(positions.sort((a, b) => a - b), Array.from({ length: positions.length }, (_, i) => i + 1), "gap-free");
  t.equal(positions.length, 17, "three writers failed");
});

await forEachDatabase(t, "the check above catches out-of-order commits from a sequence", async (t, db) => {
  if (db.kind === "pglite") {
    t.pass("PGlite runs transactions one at a time: commits cannot overtake each other");
    return;
  }
  // The pitfall from DESIGN.md, reproduced: positions from a sequence, head = max committed.
  await db.exec("DROP SEQUENCE IF EXISTS bad_seq; CREATE SEQUENCE bad_seq");
  try {
    const holdA = gate();
    const allocatedA = gate();
    const a = db.transaction(async (tx) => {
      const [row] = await tx.query<{ p: number }>("SELECT nextval('bad_seq') AS p");
      await insertEvent(tx, eventRow("!r:ward.test", { streamPos: row!.p }));
      allocatedA.open();
      await holdA.wait;
    });
    await allocatedA.wait;
    await db.transaction(async (tx) => {
      const [row] = await tx.query<{ p: number }>("SELECT nextval('bad_seq') AS p");
      await insertEvent(tx, eventRow("!r:ward.test", { streamPos: row!.p }));
    });
    const [max] = await db.query<{ head: number }>("SELECT max(stream_pos) AS head FROM events");
    const [seen] = await db.query<{ n: number }>("SELECT count(*) AS n FROM events WHERE stream_pos <= $1", [max!.head]);
    t.strictSame({ head: max!.head, visible: seen!.n }, { head: 2, visible: 1 }, "position 2 visible while 1 is not");
    holdA.open();
    await a;
  } finally {
    await db.exec("DROP SEQUENCE IF EXISTS bad_seq");
  }
});
