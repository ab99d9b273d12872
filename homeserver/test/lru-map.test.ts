import t from "tap";
import { LruMap } from "../src/lru-map.js";

t.test("holds at most max entries, least recently used out first", async (t) => {
  const map = new LruMap<string, number>(3);
  map.set("a", 1);
  map.set("b", 2);
  map.set("c", 3);
  t.equal(map.get("a"), 1, "a read makes an entry the most recent");
  map.set("d", 4);
  t.equal(map.size, 3);
  t.equal(map.get("b"), undefined, "b was the least recently used");
  t.same([map.get("a"), map.get("c"), map.get("d")], [1, 3, 4]);
  map.set("c", 30);
  t.equal(map.size, 3, "replacing a key evicts nothing");
  t.equal(map.get("c"), 30);
  map.delete("a");
  t.equal(map.get("a"), undefined);
  t.equal(map.size, 2);
  t.throws(() => new LruMap(0), RangeError);
});
