import t from "tap";
import { authChain, authDifference, StateResolutionError } from "../../src/stateres/index.js";
import { ALICE, BOB, baseRoom, BASE_STATE_IDS } from "./fixtures.js";

const sorted = (ids: Iterable<string>): string[] => [...ids].sort();

t.test("auth chain follows auth_events recursively and leaves out the starting event", async (t) => {
  const v11 = baseRoom("11");
  t.strictSame(sorted(authChain(["$IMB"], v11)), ["$CREATE", "$IJR", "$IMA", "$IPOWER"]);
  t.strictSame(sorted(authChain(["$CREATE"], v11)), []);
  t.strictSame(sorted(authChain([], v11)), []);
  // A starting event reached from another starting event is in the union.
  t.strictSame(sorted(authChain(["$IJR", "$IPOWER"], v11)), ["$CREATE", "$IMA", "$IPOWER"]);
});

t.test("in v12 nothing cites the create event, so no auth chain contains it", async (t) => {
  const v12 = baseRoom("12");
  t.strictSame(sorted(authChain(["$IMB"], v12)), ["$IJR", "$IMA", "$IPOWER"]);
  t.strictSame(sorted(authChain(["$IMA"], v12)), []);
});

t.test("a missing event is a StateResolutionError naming it", async (t) => {
  const dag = baseRoom("11");
  dag.membership("$X", BOB, BOB, "leave", ["$GONE"], 9);
  t.throws(() => authChain(["$X"], dag), new StateResolutionError("event $GONE is needed for an auth chain but was not preloaded", "$GONE"));
  t.throws(() => authChain(["$NOPE"], dag), { name: "StateResolutionError", eventId: "$NOPE" });
});

t.test("auth difference is the union of the full auth chains minus their intersection", async (t) => {
  for (const version of ["11", "12"] as const) {
    const dag = baseRoom(version);
    dag.powerLevels("$PA", ALICE, { [ALICE]: 100, [BOB]: 50 }, ["$IPOWER", "$IMA"], 10);
    dag.topic("$T1", BOB, "hello", ["$PA", "$IMB"], 11);
    const withTopic = dag.state(...BASE_STATE_IDS, "$PA", "$T1");
    const base = dag.state(...BASE_STATE_IDS);
    // $IMB is in both state sets but only the first cites it: the spec's
    // definition (auth chains exclude the events themselves) puts it in.
    t.strictSame(sorted(authDifference([withTopic, base], dag)), ["$IMB", "$PA"], `v${version}`);
    t.strictSame(sorted(authDifference([base, base], dag)), [], `v${version} identical sets`);
    t.strictSame(sorted(authDifference([withTopic], dag)), [], `v${version} one set`);
    t.strictSame(sorted(authDifference([], dag)), [], `v${version} no sets`);
  }
});

t.test("auth difference over three state sets counts an event seen by two of them", async (t) => {
  const dag = baseRoom("11");
  dag.powerLevels("$PA", ALICE, { [ALICE]: 100, [BOB]: 50 }, ["$IPOWER", "$IMA"], 10);
  dag.topic("$T1", BOB, "one", ["$PA", "$IMB"], 11);
  dag.topic("$T2", ALICE, "two", ["$IPOWER", "$IMA"], 12);
  const s1 = dag.state("$CREATE", "$IMA", "$T1");
  const s2 = dag.state("$CREATE", "$IMA", "$T1");
  const s3 = dag.state("$CREATE", "$IMA", "$T2");
  t.strictSame(sorted(authDifference([s1, s2, s3], dag)), ["$IJR", "$IMB", "$PA"]);
});
