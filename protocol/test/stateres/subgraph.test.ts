import t from "tap";
import { conflictedSubgraph } from "../../src/stateres/index.js";
import { ALICE, BOB, CHARLIE, baseRoom } from "./fixtures.js";

const sorted = (ids: Iterable<string>): string[] => [...ids].sort();

t.test("every event on an auth path between two conflicted events, endpoints included", async (t) => {
  for (const version of ["11", "12"] as const) {
    const dag = baseRoom(version);
    dag.powerLevels("$PB1", ALICE, { [ALICE]: 100, [BOB]: 100 }, ["$IPOWER", "$IMA"], 10);
    dag.powerLevels("$PC1", BOB, { [ALICE]: 100, [BOB]: 100, [CHARLIE]: 100 }, ["$PB1", "$IMB"], 11);
    // $PC1 reaches $IPOWER through $PB1, through $IMB, and through $IMB then $IJR.
    // $IMA and $CREATE lie below $IPOWER, $IMC beside everything: not on a path.
    t.strictSame(sorted(conflictedSubgraph(new Set(["$PC1", "$IPOWER"]), dag)), ["$IJR", "$IMB", "$IPOWER", "$PB1", "$PC1"], `v${version}`);
  }
});

t.test("conflicted events with no path between them give just themselves", async (t) => {
  const dag = baseRoom("12");
  dag.joinRules("$JR1", ALICE, "invite", ["$IPOWER", "$IMA"], 10);
  dag.joinRules("$JR2", ALICE, "knock", ["$IPOWER", "$IMA"], 11);
  t.strictSame(sorted(conflictedSubgraph(new Set(["$JR1", "$JR2"]), dag)), ["$JR1", "$JR2"]);
  t.strictSame(sorted(conflictedSubgraph(new Set(), dag)), []);
});

t.test("a path counts only when it ends at another conflicted event", async (t) => {
  const dag = baseRoom("11");
  // $IMC is conflicted; $IJR is below it but leads to no conflicted event.
  dag.membership("$LC", CHARLIE, CHARLIE, "leave", ["$IPOWER", "$IMC"], 10);
  t.strictSame(sorted(conflictedSubgraph(new Set(["$LC", "$IMC"]), dag)), ["$IMC", "$LC"]);
  t.strictSame(sorted(conflictedSubgraph(new Set(["$LC", "$IMA"]), dag)), ["$IJR", "$IMA", "$IMC", "$IPOWER", "$LC"]);
});
