import t from "tap";
import { TypedEmitter } from "../src/index.js";

type Events = { ping: { n: number }; other: string };

t.test("listeners get typed payloads, in the order they were added, until removed", async (t) => {
  const emitter = new TypedEmitter<Events>();
  const got: string[] = [];
  const off = emitter.on("ping", ({ n }) => got.push(`a${n}`));
  emitter.on("ping", ({ n }) => got.push(`b${n}`));
  emitter.on("other", (s) => got.push(s));
  emitter.emit("ping", { n: 1 });
  off();
  emitter.emit("ping", { n: 2 });
  emitter.emit("other", "x");
  t.same(got, ["a1", "b1", "b2", "x"]);
  t.equal(emitter.listenerCount("ping"), 1);
});

t.test("once and next take one payload", async (t) => {
  const emitter = new TypedEmitter<Events>();
  const got: number[] = [];
  emitter.once("ping", ({ n }) => got.push(n));
  const third = emitter.next("ping", ({ n }) => n === 3);
  for (const n of [1, 2, 3, 4]) emitter.emit("ping", { n });
  t.same(got, [1]);
  t.same(await third, { n: 3 });
  t.equal(emitter.listenerCount("ping"), 0, "nothing left behind");
});

t.test("next rejects when its signal aborts, and unsubscribes", async (t) => {
  const emitter = new TypedEmitter<Events>();
  const controller = new AbortController();
  const waiting = emitter.next("ping", () => true, controller.signal);
  controller.abort(new Error("gave up"));
  await t.rejects(waiting, /gave up/);
  t.equal(emitter.listenerCount("ping"), 0);
  await t.rejects(emitter.next("ping", () => true, AbortSignal.abort(new Error("already"))), /already/);
});

t.test("a throwing listener does not stop the others or the emitter", async (t) => {
  const errors: Array<[unknown, string]> = [];
  const emitter = new TypedEmitter<Events>((error, event) => errors.push([error, String(event)]));
  const got: number[] = [];
  emitter.on("ping", () => {
    throw new Error("boom");
  });
  emitter.on("ping", ({ n }) => got.push(n));
  t.doesNotThrow(() => emitter.emit("ping", { n: 7 }));
  t.same(got, [7]);
  t.equal(errors.length, 1);
  t.match(errors[0], [{ message: "boom" }, "ping"]);
});

t.test("a listener may remove another one while an emit runs", async (t) => {
  const emitter = new TypedEmitter<Events>();
  const got: string[] = [];
  const offB = emitter.on("ping", () => got.push("b"));
  emitter.on("ping", () => {
    got.push("c");
    offB();
  });
  emitter.emit("ping", { n: 1 });
  emitter.emit("ping", { n: 2 });
  t.same(got, ["b", "c", "c"]);
});
