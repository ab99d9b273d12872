/**
 * The typing service on a real database (membership checks) and a memory
 * bus shared by two service instances, which stand for two homeserver
 * processes: changes cross between them, each expires entries with its own
 * timer, and each drops a typer whose leave it sees.
 */
import t from "tap";
import type { BusMessage, EphemeralWake } from "../../../src/bus/bus.js";
import { MemoryBus } from "../../../src/bus/memory.js";
import type { ServiceContext } from "../../../src/services/context.js";
import { Notifier } from "../../../src/services/sync/notifier.js";
import { createTypingService, DEFAULT_TYPING_TIMEOUT_MS, MAX_TYPING_TIMEOUT_MS, type TypingService } from "../../../src/services/typing/index.js";
import type { Database } from "../../../src/store/database.js";
import { currentStateTable } from "../../../src/store/tables/current-state.js";
import { roomsTable } from "../../../src/store/tables/rooms.js";
import { forEachDatabase, type Tap } from "../../helpers/databases.js";
import { testKeys } from "../../helpers/homeserver.js";
import { captureLogger, testConfig } from "../../helpers/http.js";

const ROOM = "!room:ward.test";
const ALICE = "@alice:ward.test";
const BOB = "@bob:ward.test";

/** Lets the memory bus deliver (a microtask) and a membership check run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Polls `condition` until it holds or 10 s pass (the assertion after it then says what went wrong). */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition() && waited < 10_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
}

type Process = { typing: TypingService; notifier: Notifier; ctx: ServiceContext };

async function process(t: Tap, db: Database, bus: MemoryBus): Promise<Process> {
  const notifier = new Notifier(bus);
  const ctx: ServiceContext = { db, bus, config: testConfig(), keys: await testKeys(), logger: captureLogger("error").logger, clock: Date.now, notifier };
  const typing = createTypingService(ctx);
  t.teardown(() => {
    typing.close();
    notifier.close();
  });
  return { typing, notifier, ctx };
}

async function setMembership(db: Database, roomId: string, userId: string, membership: string): Promise<void> {
  await currentStateTable.upsert(db, { roomId, type: "m.room.member", stateKey: userId, eventId: `$${membership}-${userId}`, membership, streamPos: 1 });
}

async function twoProcesses(t: Tap, db: Database) {
  const bus = new MemoryBus();
  t.teardown(() => bus.close());
  const published: BusMessage[] = [];
  bus.subscribe((m) => published.push(m));
  // The room itself (no join rule: not a public channel), so who may know of it is decided as for a real room.
  await roomsTable.insert(db, { roomId: ROOM, roomVersion: "11", creator: ALICE, createdTs: 0, isDirect: false, published: false });
  await setMembership(db, ROOM, ALICE, "join");
  await setMembership(db, ROOM, BOB, "join");
  return { bus, published, a: await process(t, db, bus), b: await process(t, db, bus) };
}

const typingMessages = (published: BusMessage[]) => published.filter((m): m is EphemeralWake => m.kind === "ephemeral" && m.payload.type === "m.typing");

await forEachDatabase(t, "a change is seen at once by its process and after the bus by the other", async (t, db) => {
  const { a, b, bus, published } = await twoProcesses(t, db);
  const markA = a.typing.currentMark();
  const markB = b.typing.currentMark();
  t.not(markA.split(".")[0], markB.split(".")[0], "each process has its own instance");
  await a.typing.setTyping(ALICE, ALICE, ROOM, true, 10_000);
  t.same(a.typing.typingIn(ROOM), [ALICE], "applied locally before the PUT answers");
  t.same(a.typing.changedSince(markA, [ROOM]), [ROOM]);
  await settle();
  t.same(b.typing.typingIn(ROOM), [ALICE], "the other process applied the bus message");
  t.same(b.typing.changedSince(markB, [ROOM]), [ROOM]);
  t.match(a.typing.currentMark(), new RegExp(`^${markA.split(".")[0]}\\.1\\.`), "one change, one bump");
  const [message] = typingMessages(published);
  t.same(message?.roomIds, [ROOM], "a change wakes the room's members everywhere");
  t.match(message?.payload, { roomId: ROOM, userId: ALICE, typing: true, expiresAt: Number, origin: markA.split(".")[0] });

  await b.typing.setTyping(ALICE, ALICE, ROOM, false, undefined);
  t.same(b.typing.typingIn(ROOM), []);
  await settle();
  t.same(a.typing.typingIn(ROOM), [], "stopping crosses too");
  t.match(typingMessages(published)[1]?.payload, { typing: false, expiresAt: null });
  t.same(b.typing.changedSince(markA, [ROOM]), [ROOM], "a mark from the other process means: every room");

  // A late echo of A's own start (Redis may deliver it after A's stop) must not bring alice back on A.
  const echo = { ...(message?.payload ?? {}), type: "m.typing", expiresAt: Date.now() + 10_000 };
  await bus.publish({ kind: "ephemeral", roomIds: [ROOM], userIds: [], payload: echo });
  await settle();
  t.same(a.typing.typingIn(ROOM), [], "a process skips its own messages");
  t.same(b.typing.typingIn(ROOM), [ALICE], "the other applies it");
});

await forEachDatabase(t, "a renewal moves the expiry only: no bump, no wake-up", async (t, db) => {
  const { a, b, published } = await twoProcesses(t, db);
  await a.typing.setTyping(BOB, BOB, ROOM, true, 10_000);
  await settle();
  const [markA, markB] = [a.typing.currentMark(), b.typing.currentMark()];
  const listeners = [a, b].map((p) => p.notifier.listen({ userId: ALICE, roomIds: new Set([ROOM]) }));
  await a.typing.setTyping(BOB, BOB, ROOM, true, 20_000);
  await settle();
  t.same([a.typing.currentMark(), b.typing.currentMark()], [markA, markB], "marks unchanged");
  t.same(await Promise.all(listeners.map((l) => l.wait(100))), ["timeout", "timeout"], "nobody woken");
  const renewal = typingMessages(published)[1];
  t.same(renewal?.roomIds, [], "announced without rooms");
  t.equal(renewal?.payload.typing, true);
});

await forEachDatabase(t, "timeouts: the default, the cap, and 0 meaning stop", async (t, db) => {
  const { a, published } = await twoProcesses(t, db);
  const expiry = async (timeout: number | undefined) => {
    const before = Date.now();
    await a.typing.setTyping(ALICE, ALICE, ROOM, true, timeout);
    const after = Date.now();
    const expiresAt = typingMessages(published).at(-1)?.payload.expiresAt as number;
    return { low: expiresAt - after, high: expiresAt - before };
  };
  const byDefault = await expiry(undefined);
  t.ok(byDefault.low <= DEFAULT_TYPING_TIMEOUT_MS && byDefault.high >= DEFAULT_TYPING_TIMEOUT_MS, "no timeout: 30 s");
  const capped = await expiry(24 * 3600_000);
  t.ok(capped.low <= MAX_TYPING_TIMEOUT_MS && capped.high >= MAX_TYPING_TIMEOUT_MS, "a day is cut to the cap");
  await a.typing.setTyping(ALICE, ALICE, ROOM, true, 0);
  t.same(a.typing.typingIn(ROOM), [], "typing for 0 ms stops");
  t.match(typingMessages(published).at(-1)?.payload, { typing: false, expiresAt: null });
});

await forEachDatabase(t, "entries expire on their own in every process, and wake long-polls", async (t, db) => {
  const { a, b, published } = await twoProcesses(t, db);
  await a.typing.setTyping(ALICE, ALICE, ROOM, true, 10_000);
  await a.typing.setTyping(BOB, BOB, ROOM, true, 10_000);
  await settle();
  const [markA, markB] = [a.typing.currentMark(), b.typing.currentMark()];
  t.same(b.typing.typingIn(ROOM), [ALICE, BOB]);
  const listeners = [a, b].map((p) => p.notifier.listen({ userId: ALICE, roomIds: new Set([ROOM]) }));
  // Shortened by a renewal (which wakes nobody), so only the expiry can wake the listeners.
  await a.typing.setTyping(BOB, BOB, ROOM, true, 50);
  const count = published.length;
  t.same(await Promise.all(listeners.map((l) => l.wait(10_000))), ["changed", "changed"], "both processes woke their long-polls");
  t.same([a.typing.typingIn(ROOM), b.typing.typingIn(ROOM)], [[ALICE], [ALICE]], "bob expired in both");
  t.same(a.typing.changedSince(markA, [ROOM]), [ROOM]);
  t.same(b.typing.changedSince(markB, [ROOM]), [ROOM]);
  t.equal(published.length, count, "expiry publishes nothing");
});

await forEachDatabase(t, "forbidden requests change nothing and publish nothing", async (t, db) => {
  const { a, published } = await twoProcesses(t, db);
  await setMembership(db, ROOM, "@invited:ward.test", "invite");
  await setMembership(db, ROOM, "@gone:ward.test", "leave");
  const mark = a.typing.currentMark();
  const forbidden = { name: "MatrixError", status: 403, errcode: "M_FORBIDDEN" };
  // A room hidden from the user (never there, not a public channel) answers as an unknown room does.
  const notFound = { name: "MatrixError", status: 404, errcode: "M_NOT_FOUND", message: "Room not found" };
  const cases: Array<[string, string, string, typeof forbidden]> = [
    ["another user", ALICE, BOB, forbidden],
    ["invited only", "@invited:ward.test", "@invited:ward.test", forbidden],
    ["left", "@gone:ward.test", "@gone:ward.test", forbidden],
    ["never there", "@stranger:ward.test", "@stranger:ward.test", notFound],
  ];
  for (const [name, sender, userId, error] of cases) {
    await t.rejects(a.typing.setTyping(sender, userId, ROOM, true, 1000), error, name);
  }
  await t.rejects(a.typing.setTyping(ALICE, ALICE, "!unknown:ward.test", true, 1000), notFound, "unknown room: as a hidden one");
  await t.rejects(a.typing.setTyping(ALICE, ALICE, "!unknown:ward.test", false, undefined), notFound, "stopping is checked too");
  await settle();
  t.equal(a.typing.currentMark(), mark);
  t.same(a.typing.typingIn(ROOM), []);
  t.same(typingMessages(published), []);
});

await forEachDatabase(t, "a typer who leaves is dropped when the leave is on the bus", async (t, db) => {
  const { a, b, bus } = await twoProcesses(t, db);
  await a.typing.setTyping(BOB, BOB, ROOM, true, 60_000);
  await a.typing.setTyping(ALICE, ALICE, ROOM, true, 60_000);
  await settle();
  const marks = [a.typing.currentMark(), b.typing.currentMark()];
  await setMembership(db, ROOM, BOB, "leave");
  // As the event writer announces a committed membership change:
  await bus.publish({ kind: "stream", position: 2, roomIds: [ROOM], userIds: [BOB] });
  // The check reads the database after the message: wait for it (bounded), timing nothing.
  await until(() => a.typing.typingIn(ROOM).length < 2 && b.typing.typingIn(ROOM).length < 2);
  t.same([a.typing.typingIn(ROOM), b.typing.typingIn(ROOM)], [[ALICE], [ALICE]], "bob dropped everywhere, alice kept");
  t.same([a.typing.changedSince(marks[0], [ROOM]), b.typing.changedSince(marks[1], [ROOM])], [[ROOM], [ROOM]], "a change for /sync");
});

await forEachDatabase(t, "malformed bus payloads are ignored; close() stops listening", async (t, db) => {
  const { a, b, bus } = await twoProcesses(t, db);
  const mark = b.typing.currentMark();
  const base = { type: "m.typing", roomId: ROOM, userId: ALICE, origin: "elsewhere" };
  for (const payload of [
    { ...base, typing: true, expiresAt: "soon" },
    { ...base, typing: true },
    { ...base, typing: false, expiresAt: Date.now() + 1000 },
    { ...base, typing: "yes", expiresAt: Date.now() + 1000 },
    { ...base, roomId: 5, typing: true, expiresAt: Date.now() + 1000 },
    { ...base, origin: undefined, typing: true, expiresAt: Date.now() + 1000 },
    { ...base, type: "m.other", typing: true, expiresAt: Date.now() + 1000 },
  ]) {
    await bus.publish({ kind: "ephemeral", roomIds: [ROOM], userIds: [], payload });
  }
  await settle();
  t.equal(b.typing.currentMark(), mark);
  t.same(b.typing.typingIn(ROOM), []);

  await bus.publish({ kind: "ephemeral", roomIds: [], userIds: [], payload: { ...base, typing: true, expiresAt: Date.now() + 10 * MAX_TYPING_TIMEOUT_MS } });
  await settle();
  t.same(b.typing.typingIn(ROOM), [ALICE], "a well-formed message from another origin applies (its expiry capped)");

  a.typing.close();
  await b.typing.setTyping(BOB, BOB, ROOM, true, 10_000);
  await settle();
  t.same(a.typing.typingIn(ROOM), [ALICE], "a closed service ignores the bus");
  t.same(b.typing.typingIn(ROOM), [ALICE, BOB]);
});
