import t from "tap";
import type { Database } from "../../../src/store/database.js";
import { eventsTable, type EventRow, type NewEvent } from "../../../src/store/tables/events.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { appendEvent, eventRow, memberEvent } from "../fixtures.js";

const R1 = "!one:ward.test";
const R2 = "!two:ward.test";
const stored = (e: NewEvent): EventRow => ({ ...e, redactedBy: null });
const ids = (rows: readonly { eventId: string }[]): string[] => rows.map((r) => r.eventId);

/** Appends `n` messages to `roomId`, named `${prefix}1…n`. */
async function messages(db: Database, roomId: string, prefix: string, n: number): Promise<NewEvent[]> {
  const out: NewEvent[] = [];
  for (let i = 1; i <= n; i++) out.push(await appendEvent(db, eventRow(roomId, { eventId: `$${prefix}${i}` })));
  return out;
}

await forEachDatabase(t, "insert, get, getMany, redaction mark", async (t, db) => {
  const a = await appendEvent(db, eventRow(R1, { eventId: "$a" }));
  const b = await appendEvent(db, memberEvent(R1, "@bob:ward.test", "join", { eventId: "$b" }));
  t.strictSame(await eventsTable.get(db, "$a"), stored(a));
  t.equal(await eventsTable.get(db, "$zzz"), null);
  const many = await eventsTable.getMany(db, ["$b", "$a", "$zzz"]);
  t.strictSame([...many.keys()].sort(), ["$a", "$b"]);
  t.strictSame(many.get("$b"), stored(b));
  t.strictSame(await eventsTable.getMany(db, []), new Map());
  t.equal(await eventsTable.setRedactedBy(db, "$a", "$redaction"), true);
  t.equal((await eventsTable.get(db, "$a"))?.redactedBy, "$redaction");
  await t.rejects(eventsTable.insert(db, { ...a, streamPos: 99 }), { code: "23505" }, "event IDs are unique");
  await t.rejects(eventsTable.insert(db, { ...a, eventId: "$other" }), { code: "23505" }, "stream positions are unique");
});

await forEachDatabase(t, "timeline pages in both directions, bounded and filtered", async (t, db) => {
  await messages(db, R1, "x", 3); // positions 1-3
  await messages(db, R2, "y", 2); // 4-5, another room
  await messages(db, R1, "z", 3); // 6-8
  t.strictSame(ids(await eventsTable.timeline(db, R1, { dir: "b", from: 8, limit: 4 })), ["$z3", "$z2", "$z1", "$x3"]);
  t.strictSame(ids(await eventsTable.timeline(db, R1, { dir: "b", from: 6, limit: 10 })), ["$z1", "$x3", "$x2", "$x1"], "from is inclusive backwards");
  t.strictSame(ids(await eventsTable.timeline(db, R1, { dir: "b", from: 8, to: 3, limit: 10 })), ["$z3", "$z2", "$z1"], "to is exclusive backwards");
  t.strictSame(ids(await eventsTable.timeline(db, R1, { dir: "f", from: 2, limit: 2 })), ["$x3", "$z1"], "from is exclusive forwards");
  t.strictSame(ids(await eventsTable.timeline(db, R1, { dir: "f", from: 0, to: 6, limit: 10 })), ["$x1", "$x2", "$x3", "$z1"], "to is inclusive forwards");
  await appendEvent(db, eventRow(R1, { eventId: "$topic", type: "m.room.topic", stateKey: "" }));
  t.strictSame(ids(await eventsTable.timeline(db, R1, { dir: "b", from: 100, limit: 10, types: ["m.room.topic"] })), ["$topic"]);
  t.strictSame(await eventsTable.timeline(db, "!empty:ward.test", { dir: "b", from: 100, limit: 10 }), []);
});

await forEachDatabase(t, "recentInRooms: the last N per room, newest first, with limited", async (t, db) => {
  await messages(db, R1, "a", 5); // 1-5
  await messages(db, R2, "b", 2); // 6-7
  await messages(db, R1, "c", 1); // 8
  const got = await eventsTable.recentInRooms(db, { roomIds: [R1, R2, "!quiet:ward.test"], since: 2, upto: 7, limit: 2 });
  t.strictSame([...got.keys()].sort(), [R1, R2], "rooms without events in range are absent");
  t.strictSame(ids(got.get(R1)!.events), ["$a5", "$a4"]);
  t.equal(got.get(R1)!.limited, true, "a3 was left out");
  t.strictSame(ids(got.get(R2)!.events), ["$b2", "$b1"]);
  t.equal(got.get(R2)!.limited, false);
  const all = await eventsTable.recentInRooms(db, { roomIds: [R1], since: 0, upto: 100, limit: 10 });
  t.strictSame(ids(all.get(R1)!.events), ["$c1", "$a5", "$a4", "$a3", "$a2", "$a1"]);
  t.equal(all.get(R1)!.limited, false);
  const none = await eventsTable.recentInRooms(db, { roomIds: [R1], since: 0, upto: 100, limit: 0 });
  t.strictSame(none.get(R1), { events: [], limited: true }, "limit 0 still tells that there is more");
  t.strictSame(await eventsTable.recentInRooms(db, { roomIds: [], since: 0, upto: 9, limit: 5 }), new Map());
  const typed = await eventsTable.recentInRooms(db, { roomIds: [R1], since: 0, upto: 100, limit: 5, types: ["m.room.topic"] });
  t.equal(typed.size, 0);
});

await forEachDatabase(t, "membershipAt and stateAt look back to a position", async (t, db) => {
  const bob = "@bob:ward.test";
  await appendEvent(db, eventRow(R1, { eventId: "$create", type: "m.room.create", stateKey: "" })); // 1
  await appendEvent(db, eventRow(R1, { eventId: "$hv1", type: "m.room.history_visibility", stateKey: "" })); // 2
  await appendEvent(db, memberEvent(R1, bob, "invite", { eventId: "$inv" })); // 3
  await appendEvent(db, memberEvent(R1, bob, "join", { eventId: "$join" })); // 4
  await appendEvent(db, eventRow(R1, { eventId: "$msg" })); // 5
  await appendEvent(db, eventRow(R1, { eventId: "$hv2", type: "m.room.history_visibility", stateKey: "" })); // 6
  await appendEvent(db, memberEvent(R1, bob, "leave", { eventId: "$leave" })); // 7
  await appendEvent(db, memberEvent(R2, bob, "join", { eventId: "$other" })); // 8
  t.equal(await eventsTable.membershipAt(db, R1, bob, 2), null);
  t.strictSame(await eventsTable.membershipAt(db, R1, bob, 3), { membership: "invite", eventId: "$inv", streamPos: 3 });
  t.strictSame(await eventsTable.membershipAt(db, R1, bob, 6), { membership: "join", eventId: "$join", streamPos: 4 });
  t.strictSame(await eventsTable.membershipAt(db, R1, bob, 100), { membership: "leave", eventId: "$leave", streamPos: 7 });
  t.strictSame(ids(await eventsTable.stateAt(db, R1, 5)).sort(), ["$create", "$hv1", "$join"]);
  t.strictSame(ids(await eventsTable.stateAt(db, R1, 100)).sort(), ["$create", "$hv2", "$leave"]);
  t.strictSame(ids(await eventsTable.stateAt(db, R1, 5, ["m.room.history_visibility"])), ["$hv1"]);
  t.strictSame(await eventsTable.stateAt(db, R1, 0), []);
});
