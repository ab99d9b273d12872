import fc from "fast-check";
import t from "tap";
import { TimelineWindow } from "../src/index.js";

const ev = (n: number) => ({ event_id: `$${n}` });
const ids = (w: TimelineWindow<{ event_id: string }>) => w.toArray().map((e) => e.event_id);

t.test("new events push the oldest out", async (t) => {
  const w = new TimelineWindow(3);
  t.same(w.append([ev(1), ev(2)]), [ev(1), ev(2)]);
  w.append([ev(3), ev(4)]);
  t.same(ids(w), ["$2", "$3", "$4"]);
  t.notOk(w.has("$1"), "a dropped event is forgotten");
  t.equal(w.newest?.event_id, "$4");
  t.equal(w.oldest?.event_id, "$2");
});

t.test("an event delivered twice is kept once", async (t) => {
  const w = new TimelineWindow(5);
  w.append([ev(1), ev(2)]);
  t.same(w.append([ev(2), ev(3), ev(3)]), [ev(3)]);
  t.same(ids(w), ["$1", "$2", "$3"]);
});

t.test("older pages fill only the room left, next to the oldest event", async (t) => {
  const w = new TimelineWindow(4);
  w.append([ev(8), ev(9)]);
  t.equal(w.prepend([ev(5), ev(6), ev(7)]), 2, "the two newest of the page fit");
  t.same(ids(w), ["$6", "$7", "$8", "$9"]);
  t.equal(w.prepend([ev(4)]), 0, "a full window takes no more");
});

t.test("replace and clear", async (t) => {
  const w = new TimelineWindow<{ event_id: string; v?: number }>(3);
  w.append([ev(1), ev(2)]);
  t.ok(w.replace({ event_id: "$2", v: 1 }));
  t.notOk(w.replace({ event_id: "$9" }));
  t.same(w.get("$2"), { event_id: "$2", v: 1 });
  w.clear();
  t.equal(w.size, 0);
  t.notOk(w.has("$1"));
});

t.test("a window holds at least one event", async (t) => {
  t.throws(() => new TimelineWindow(0), RangeError);
  t.throws(() => new TimelineWindow(1.5), RangeError);
});

t.test("matches a plain list model: within its bound, no duplicates, newest kept", async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 6 }), { maxLength: 12 }), (capacity, batches) => {
      const w = new TimelineWindow(capacity);
      let model: number[] = [];
      for (const batch of batches) {
        w.append(batch.map(ev));
        for (const n of batch) if (!model.includes(n)) model.push(n);
        model = model.slice(-capacity);
      }
      const got = ids(w);
      return got.length <= capacity && new Set(got).size === got.length && JSON.stringify(got) === JSON.stringify(model.map((n) => `$${n}`));
    }),
  );
  t.pass("the window and the model agree");
});
