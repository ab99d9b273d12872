import t from "tap";
import { MemoryBus } from "../../src/bus/memory.js";
import type { BusMessage } from "../../src/bus/bus.js";

const wake = (position: number): BusMessage => ({ kind: "stream", position, roomIds: ["!r:x"], userIds: [] });

t.test("delivers to every subscriber, asynchronously, in order", async (t) => {
  const bus = new MemoryBus();
  const a: number[] = [];
  const b: number[] = [];
  bus.subscribe((m) => m.kind === "stream" && a.push(m.position));
  bus.subscribe((m) => m.kind === "stream" && b.push(m.position));
  const published = bus.publish(wake(1));
  t.same(a, [], "not delivered synchronously");
  await published;
  await bus.publish(wake(2));
  await new Promise((r) => setTimeout(r, 0));
  t.same(a, [1, 2]);
  t.same(b, [1, 2]);
});

t.test("unsubscribe and close stop delivery", async (t) => {
  const bus = new MemoryBus();
  const got: number[] = [];
  const off = bus.subscribe((m) => m.kind === "stream" && got.push(m.position));
  await bus.publish(wake(1));
  await new Promise((r) => setTimeout(r, 0));
  off();
  await bus.publish(wake(2));
  await new Promise((r) => setTimeout(r, 0));
  t.same(got, [1]);
  bus.subscribe((m) => m.kind === "stream" && got.push(m.position));
  await bus.close();
  await bus.publish(wake(3));
  await new Promise((r) => setTimeout(r, 0));
  t.same(got, [1]);
});
