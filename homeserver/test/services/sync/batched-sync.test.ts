/**
 * /sync requests computed together share their reads (store/batched-reads.ts):
 * the members a message wakes get, together, exactly the responses each
 * would have got alone, for about the statements of one of them.
 */
import t from "tap";
import { computeSync } from "../../../src/services/sync/compute.js";
import { DEFAULT_SYNC_FILTER } from "../../../src/services/filters/sync-filter.js";
import { currentStreamPosition } from "../../../src/store/stream.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { recordStatements } from "../../helpers/statements.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";
import { createRoom, expectOk, membership, send } from "../../api/client/sync-fixtures.js";

const noTyping = { changedSince: () => [], typingIn: () => [] };

await forEachDatabase(t, "syncs woken together get what each gets alone, in the statements of one", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const [alice, bob, carol, dave] = await Promise.all(["alice", "bob", "carol", "dave"].map((name) => hs.registerUser(name)));
  const roomId = await createRoom(hs, alice!, { preset: "public_chat" });
  const daveOnly = await createRoom(hs, alice!, { preset: "public_chat" });
  for (const user of [bob!, carol!, dave!]) await membership(hs, user, roomId, "join");
  await membership(hs, dave!, daveOnly, "join");

  const since = await currentStreamPosition(db);
  // Each reader differs in what it has read and in its rooms.
  const first = await send(hs, alice!, roomId, "first");
  expectOk("receipt", await hs.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/receipt/m.read/${encodeURIComponent(first)}`, { token: bob!.accessToken, body: {} }));
  await send(hs, carol!, roomId, "carol writes, so has read the room");
  await send(hs, alice!, roomId, "second");
  await send(hs, alice!, daveOnly, "for dave alone");
  const upto = await currentStreamPosition(db);

  const readers = [bob!, carol!, dave!];
  const now = Date.now();
  /** Each reader's sync of (from, to], alone one after another, then all at once. */
  const aloneAndTogether = async (from: number, to: number) => {
    const computeFor = (q: typeof db, user: { userId: string; deviceId: string }) => computeSync(q, now, {
      userId: user.userId, deviceId: user.deviceId, filter: DEFAULT_SYNC_FILTER, fullState: false, useStateAfter: false, since: from, sinceTyping: "m1",
    }, { stream: to, typing: "m1" }, noTyping);
    const alone = [];
    let mostStatements = 0;
    for (const user of readers) {
      const counting = recordStatements(db);
      alone.push((await computeFor(counting.q, user)).response);
      mostStatements = Math.max(mostStatements, counting.statements.length);
    }
    const together = recordStatements(db);
    const woken = (await Promise.all(readers.map((user) => computeFor(together.q, user)))).map((r) => r.response);
    return { alone, woken, mostStatements, together };
  };

  const varied = await aloneAndTogether(since, upto);
  t.same(varied.woken, varied.alone, "the same responses, reader by reader");
  const unread = (i: number) => varied.alone[i]!.rooms!.join![roomId]!.unread_notifications;
  t.not(JSON.stringify(unread(0)), JSON.stringify(unread(1)), "the readers' unread counts differ, so each got its own");
  t.same(Object.keys(varied.alone[2]!.rooms!.join!).sort(), [roomId, daveOnly].sort(), "dave's second room is his alone");
  t.equal(varied.together.count("changed_account_data"), 1, "one rooms-and-flags read for all");
  t.equal(varied.together.count("JOIN receipts rc ON"), 1, "one receipts read for all");
  t.ok(varied.alone[0]!.rooms!.join![roomId]!.ephemeral!.events!.some((e) => e.type === "m.receipt"), "bob's receipt is in range");

  // What a long-poll is woken for: one new message in a room all of them are in.
  const message = await send(hs, alice!, roomId, "third");
  const one = await aloneAndTogether(upto, await currentStreamPosition(db));
  t.same(one.woken, one.alone);
  t.ok(one.woken.every((r) => r.rooms!.join![roomId]!.timeline!.events.some((e) => e.event_id === message)), "each has the message");
  t.equal(
    one.together.statements.length, one.mostStatements,
    `${one.together.statements.length} statements for ${readers.length} syncs together, as many as one alone`,
  );
});
