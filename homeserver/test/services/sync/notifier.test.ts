import t from "tap";
import { MemoryBus } from "../../../src/bus/memory.js";
import { Notifier } from "../../../src/services/sync/notifier.js";

const tick = () => new Promise((r) => setTimeout(r, 0));

t.test("wakes listeners of the room or the user, not others", async (t) => {
  const bus = new MemoryBus();
  const n = new Notifier(bus);
  const inRoom = n.listen({ userId: "@a:x", roomIds: new Set(["!r1:x"]) });
  const direct = n.listen({ userId: "@b:x", roomIds: new Set() });
  const other = n.listen({ userId: "@c:x", roomIds: new Set(["!r2:x"]) });
  const waits = [inRoom.wait(5000), direct.wait(5000), other.wait(50)];
  await bus.publish({ kind: "stream", position: 1, roomIds: ["!r1:x"], userIds: ["@b:x"] });
  t.same(await Promise.all(waits), ["changed", "changed", "timeout"]);
  t.equal(n.waiting, 0, "finished waiters are removed");
});

t.test("a change between listen() and wait() is not lost", async (t) => {
  const bus = new MemoryBus();
  const n = new Notifier(bus);
  const l = n.listen({ userId: "@a:x", roomIds: new Set(["!r:x"]) });
  await bus.publish({ kind: "stream", position: 3, roomIds: ["!r:x"], userIds: [] });
  await tick();
  t.equal(await l.wait(5000), "changed");
});

t.test("session revocation ends only that session's long-poll", async (t) => {
  const bus = new MemoryBus();
  const n = new Notifier(bus);
  const mine = n.listen({ userId: "@a:x", roomIds: new Set(), tokenHash: "h1" });
  const otherDevice = n.listen({ userId: "@a:x", roomIds: new Set(), tokenHash: "h2" });
  const w = [mine.wait(5000), otherDevice.wait(50)];
  await bus.publish({ kind: "session-revoked", tokenHashes: ["h1"] });
  t.same(await Promise.all(w), ["revoked", "timeout"]);
});

t.test("abort, cancel and shutdown", async (t) => {
  const bus = new MemoryBus();
  const n = new Notifier(bus);
  const ac = new AbortController();
  const a = n.listen({ userId: "@a:x", roomIds: new Set(["!r:x"]) });
  const p = a.wait(5000, ac.signal);
  ac.abort();
  t.equal(await p, "aborted");
  const c = n.listen({ userId: "@c:x", roomIds: new Set(["!r:x"]) });
  c.cancel();
  t.equal(n.waiting, 0);
  const s = n.listen({ userId: "@s:x", roomIds: new Set() });
  const sp = s.wait(5000);
  n.shutdown();
  t.equal(await sp, "shutdown");
  const late = n.listen({ userId: "@l:x", roomIds: new Set() });
  t.equal(await late.wait(5000), "shutdown", "after shutdown, new long-polls return at once");
  n.close();
});

t.test("wakeLocal wakes this process's long-polls without a bus message", async (t) => {
  const bus = new MemoryBus();
  const n = new Notifier(bus);
  const inRoom = n.listen({ userId: "@a:x", roomIds: new Set(["!r1:x"]) });
  const other = n.listen({ userId: "@c:x", roomIds: new Set(["!r2:x"]) });
  const waits = [inRoom.wait(5000), other.wait(50)];
  n.wakeLocal(["!r1:x"], []);
  t.same(await Promise.all(waits), ["changed", "timeout"]);
});

t.test("the latest announced position, and whether a wake-up named the user", async (t) => {
  const bus = new MemoryBus();
  const n = new Notifier(bus);
  t.equal(n.latestPosition, 0);
  const byRoom = n.listen({ userId: "@a:x", roomIds: new Set(["!r:x"]) });
  const both = n.listen({ userId: "@b:x", roomIds: new Set(["!r:x"]) });
  const waits = [byRoom.wait(5000), both.wait(5000)];
  await bus.publish({ kind: "stream", position: 7, roomIds: ["!r:x"], userIds: ["@b:x"] });
  await bus.publish({ kind: "stream", position: 5, roomIds: [], userIds: [] });
  t.same(await Promise.all(waits), ["changed", "changed"]);
  t.equal(n.latestPosition, 7, "the highest, whatever the order of arrival");
  t.equal(byRoom.wokenForUser, false, "a message in one of a's rooms: a's rooms are unchanged");
  t.equal(both.wokenForUser, true, "b was named (a membership change names its user)");
  await bus.publish({ kind: "ephemeral", roomIds: ["!r:x"], userIds: [], payload: { type: "m.typing" } });
  t.equal(n.latestPosition, 7, "ephemeral messages carry no position");
});
