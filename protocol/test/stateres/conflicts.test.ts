import t from "tap";
import { conflictedEventIds, splitConflicted } from "../../src/stateres/index.js";

const map = (entries: Record<string, string>): Map<string, string> => new Map(Object.entries(entries));

t.test("keys with one value everywhere are unconflicted; the rest are conflicted", async (t) => {
  const { unconflicted, conflicted } = splitConflicted([
    map({ a: "$1", b: "$2", c: "$3" }),
    map({ a: "$1", b: "$9", c: "$3", d: "$4" }),
    map({ a: "$1", b: "$2", c: "$3" }),
  ]);
  t.strictSame(Object.fromEntries(unconflicted), { a: "$1", c: "$3" });
  t.strictSame([...conflicted.keys()].sort(), ["b", "d"]);
  t.strictSame([...conflicted.get("b")!].sort(), ["$2", "$9"]);
  // Missing from some state sets: conflicted, with the one value that exists.
  t.strictSame([...conflicted.get("d")!], ["$4"]);
  t.strictSame([...conflictedEventIds(conflicted)].sort(), ["$2", "$4", "$9"]);
});

t.test("one state set, or none, has no conflicts", async (t) => {
  const one = splitConflicted([map({ a: "$1" })]);
  t.strictSame(Object.fromEntries(one.unconflicted), { a: "$1" });
  t.equal(one.conflicted.size, 0);
  const none = splitConflicted([]);
  t.equal(none.unconflicted.size, 0);
  t.equal(none.conflicted.size, 0);
  t.strictSame([...conflictedEventIds(new Map())], []);
});
