import t from "tap";
import { MainlinePositions, mainlineOf, mainlineOrder, powerLevelsAuthEvent } from "../../src/stateres/index.js";
import { ALICE, BOB, baseRoom } from "./fixtures.js";

function mainlineRoom() {
  const dag = baseRoom("11");
  dag.powerLevels("$PA", ALICE, { [ALICE]: 100, [BOB]: 50 }, ["$IPOWER", "$IMA"], 10);
  dag.powerLevels("$PB", ALICE, { [ALICE]: 100, [BOB]: 60 }, ["$PA", "$IMA"], 11);
  // A power levels fork off $PA that is not on $PB's mainline.
  dag.powerLevels("$PX", ALICE, { [ALICE]: 100, [BOB]: 70 }, ["$PA", "$IMA"], 12);
  dag.topic("$T0", ALICE, "0", ["$IPOWER", "$IMA"], 50);
  dag.topic("$T1", ALICE, "1", ["$PA", "$IMA"], 40);
  dag.topic("$T5", ALICE, "5", ["$PX", "$IMA"], 35);
  dag.topic("$T2", ALICE, "2", ["$PB", "$IMA"], 30);
  dag.topic("$T3", ALICE, "3", ["$PB", "$IMA"], 30);
  dag.topic("$T4", ALICE, "4", ["$IMA"], 100);
  return dag;
}

t.test("the mainline runs from the power levels event back through the ones it cites", async (t) => {
  const dag = mainlineRoom();
  t.strictSame(mainlineOf("$PB", dag), ["$PB", "$PA", "$IPOWER"]);
  t.strictSame(mainlineOf("$IPOWER", dag), ["$IPOWER"]);
  t.equal(powerLevelsAuthEvent(dag.get("$T2")!, dag)?.event_id, "$PB");
  t.equal(powerLevelsAuthEvent(dag.get("$T4")!, dag), undefined);
});

t.test("mainline position: the first cited power levels event on the mainline", async (t) => {
  const dag = mainlineRoom();
  const positions = new MainlinePositions(mainlineOf("$PB", dag), dag);
  const at = (id: string): number => positions.of(dag.get(id)!);
  t.equal(at("$T2"), 0);
  t.equal(at("$T1"), 1);
  t.equal(at("$T0"), 2);
  t.equal(at("$T5"), 1, "through $PX, which is off the mainline");
  t.equal(at("$T4"), Infinity, "cites no power levels");
  // The event itself is never consulted: $PA sits on the mainline at 1, but its position is that of $IPOWER.
  t.equal(at("$PA"), 2);
  t.equal(at("$IPOWER"), Infinity);
  // Cached walks answer the same.
  t.equal(at("$T5"), 1);
  t.equal(at("$PX"), 1);
});

t.test("mainline order: greater position first, then timestamp, then event ID", async (t) => {
  const dag = mainlineRoom();
  t.strictSame(
    mainlineOrder(["$T3", "$T2", "$T1", "$T0", "$T5", "$T4"], "$PB", dag),
    ["$T4", "$T0", "$T5", "$T1", "$T2", "$T3"],
  );
  // No resolved power levels: every position is infinite, so time and ID decide.
  t.strictSame(mainlineOrder(["$T3", "$T2", "$T1", "$T0", "$T5", "$T4"], undefined, dag), ["$T2", "$T3", "$T5", "$T1", "$T0", "$T4"]);
  t.strictSame(mainlineOrder([], "$PB", dag), []);
});
