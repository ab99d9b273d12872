import t from "tap";
import { MinHeap } from "../../src/stateres/heap.js";

t.test("pops in comparator order", async (t) => {
  const heap = new MinHeap<number>((a, b) => a - b);
  for (const n of [5, 3, 8, 1, 9, 2, 7, 3]) heap.push(n);
  t.equal(heap.size, 8);
  const out: number[] = [];
  for (let n = heap.pop(); n !== undefined; n = heap.pop()) out.push(n);
  t.strictSame(out, [1, 2, 3, 3, 5, 7, 8, 9]);
  t.equal(heap.pop(), undefined);
  t.equal(heap.size, 0);
});
