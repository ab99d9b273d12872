/**
 * loadCurrentState with the decoded-event cache: a warm read is one
 * statement whose rows carry no event bodies, a redaction made after an
 * event was cached still shows, and the cache is bounded and shares only
 * frozen events.
 */
import t from "tap";
import { decodedEvents } from "../../../src/services/rooms/decoded-events.js";
import { loadCurrentState } from "../../../src/services/rooms/stored-events.js";
import { eventsTable } from "../../../src/store/tables/events.js";
import { roomVersion } from "@ward/protocol";
import { forEachDatabase } from "../../helpers/databases.js";
import { recordStatements } from "../../helpers/statements.js";
import { roomsFixture } from "./fixtures.js";

await forEachDatabase(t, "current state: decoded once, then read by ID with the redaction mark", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice", "Alice");
  const bob = await f.user("bob", "Bob");
  const roomId = await f.makeRoom(alice, { preset: "public_chat", topic: "rota" });
  await f.rooms.join(bob, roomId);
  const version = roomVersion((await db.query<{ room_version: string }>("SELECT room_version FROM rooms WHERE room_id = $1", [roomId]))[0]!.room_version);
  const tuples = [["m.room.topic", ""]] as const;

  const cold = recordStatements(db);
  const first = await loadCurrentState(cold.q, roomId, version, tuples, { joinedMembers: true });
  t.same([...first.keys()].sort(), ["m.room.member\u0000@alice:localhost", "m.room.member\u0000@bob:localhost", "m.room.topic\u0000"].sort().map((k) => k), "members and the topic");
  t.equal(first.get([...first.keys()].find((k) => k.includes("@bob"))!)?.content.displayname, "Bob");

  const warm = recordStatements(db);
  const second = await loadCurrentState(warm.q, roomId, version, tuples, { joinedMembers: true });
  t.equal(warm.statements.length, 1, "a warm read is one statement");
  t.notMatch(warm.statements[0], /\bpdu\b|sealed_pdu/, "its rows carry no event bodies");
  t.same([...second.values()], [...first.values()]);

  const topic = [...second.values()].find((e) => e.type === "m.room.topic")!;
  t.ok(Object.isFrozen(topic) && Object.isFrozen(topic.content), "shared events are frozen");
  t.throws(() => {
    (topic.content as Record<string, unknown>).topic = "changed";
  });

  // Redacting marks the row; the cached original must not hide it.
  await eventsTable.setRedactedBy(db, topic.event_id, "$redaction");
  const after = await loadCurrentState(db, roomId, version, tuples, { joinedMembers: false });
  const redacted = [...after.values()].find((e) => e.type === "m.room.topic")!;
  t.same(redacted.content, {}, "the redacted form once redacted");
  t.equal(decodedEvents.get(topic.event_id)?.content.topic, "rota", "the cache keeps the original");
});

t.test("the cache is bounded, least recently used out first", async (t) => {
  const event = (id: string) => ({ event_id: id, type: "m.room.member", content: {}, sender: "@a:x", room_id: "!r:x" }) as never;
  decodedEvents.remember(event("$keep"));
  for (let i = 0; i < 25_000; i++) {
    decodedEvents.remember(event(`$e${i}`));
    if (i % 1000 === 0) decodedEvents.get("$keep");
  }
  t.equal(decodedEvents.size, 20_000);
  t.ok(decodedEvents.get("$keep"), "a recently used entry stays");
  t.equal(decodedEvents.get("$e0"), undefined, "the oldest unused went");
  t.ok(decodedEvents.get("$e24999"));
});
