import t from "tap";
import { reverseTopologicalPowerOrder, senderPowerLevel, StateResolutionError } from "../../src/stateres/index.js";
import { ROOM_VERSIONS } from "../../src/room-versions.js";
import { ALICE, BOB, CHARLIE, baseRoom } from "./fixtures.js";

t.test("sender power level comes from the event's own auth events", async (t) => {
  for (const version of ["10", "11", "12"] as const) {
    const dag = baseRoom(version);
    const v = ROOM_VERSIONS[version];
    const creator = version === "12" ? Infinity : 100;
    dag.powerLevels("$PA", ALICE, { [ALICE]: 100, [BOB]: 50 }, ["$IPOWER", "$IMA"], 10);
    dag.topic("$TB", BOB, "b", ["$PA", "$IMB"], 11);
    dag.topic("$TC", CHARLIE, "c", ["$PA", "$IMC"], 12);
    dag.topic("$TB0", BOB, "b", ["$IPOWER", "$IMB"], 13);
    // No power levels among its auth events: the creator's fallback.
    t.equal(senderPowerLevel(dag.get("$IPOWER")!, dag, v), creator, `v${version} creator without power levels`);
    t.equal(senderPowerLevel(dag.get("$PA")!, dag, v), creator, `v${version} creator`);
    t.equal(senderPowerLevel(dag.get("$TB")!, dag, v), 50, `v${version} users entry`);
    t.equal(senderPowerLevel(dag.get("$TC")!, dag, v), 0, `v${version} users_default`);
    t.equal(senderPowerLevel(dag.get("$TB0")!, dag, v), 0, `v${version} level at the cited power levels`);
    t.equal(senderPowerLevel(dag.get("$CREATE")!, dag, v), 0, `v${version} create event cites nothing`);
  }
});

t.test("order: auth ancestors first, then greater power, then earlier timestamp", async (t) => {
  for (const version of ["11", "12"] as const) {
    const dag = baseRoom(version);
    dag.powerLevels("$PA", ALICE, { [ALICE]: 100, [BOB]: 50 }, ["$IPOWER", "$IMA"], 10);
    dag.topic("$TC", CHARLIE, "c", ["$PA", "$IMC"], 15);
    dag.topic("$TB", BOB, "b", ["$PA", "$IMB"], 20);
    dag.joinRules("$JRA", ALICE, "invite", ["$IPOWER", "$IMA"], 30);
    // $PA before $JRA by timestamp (same power); then $JRA (100) before $TB (50) before $TC (0) by power.
    t.strictSame(
      reverseTopologicalPowerOrder(["$TC", "$JRA", "$TB", "$PA", "$IPOWER"], dag, ROOM_VERSIONS[version]),
      ["$IPOWER", "$PA", "$JRA", "$TB", "$TC"],
      `v${version}`,
    );
    // With $PA outside the set nothing links them: power decides, whatever the timestamps.
    t.strictSame(reverseTopologicalPowerOrder(["$TC", "$TB"], dag, ROOM_VERSIONS[version]), ["$TB", "$TC"], `v${version} power beats time`);
    t.strictSame(reverseTopologicalPowerOrder([], dag, ROOM_VERSIONS[version]), [], `v${version} empty`);
  }
});

t.test("an auth ancestor goes first even when it has less power and a later timestamp", async (t) => {
  const dag = baseRoom("11");
  dag.powerLevels("$PA", ALICE, { [ALICE]: 100, [BOB]: 50 }, ["$IPOWER", "$IMA"], 10);
  dag.membership("$LB", BOB, BOB, "leave", ["$PA", "$IMB"], 50);
  dag.membership("$KICK", ALICE, BOB, "leave", ["$PA", "$IMA", "$LB"], 40);
  t.strictSame(reverseTopologicalPowerOrder(["$KICK", "$LB"], dag, ROOM_VERSIONS["11"]), ["$LB", "$KICK"]);
});

t.test("ties on power and timestamp fall to the event ID, by code point", async (t) => {
  const dag = baseRoom("11");
  dag.topic("$b", ALICE, "x", ["$IPOWER", "$IMA"], 10);
  dag.topic("$a", ALICE, "x", ["$IPOWER", "$IMA"], 10);
  dag.topic("$Z", ALICE, "x", ["$IPOWER", "$IMA"], 10);
  dag.topic("$late", ALICE, "x", ["$IPOWER", "$IMA"], 11);
  t.strictSame(reverseTopologicalPowerOrder(["$late", "$b", "$a", "$Z"], dag, ROOM_VERSIONS["11"]), ["$Z", "$a", "$b", "$late"]);
});

t.test("a cycle in auth_events is refused", async (t) => {
  const dag = baseRoom("11");
  dag.topic("$X", ALICE, "x", ["$Y"], 10);
  dag.topic("$Y", ALICE, "y", ["$X"], 11);
  t.throws(() => reverseTopologicalPowerOrder(["$X", "$Y"], dag, ROOM_VERSIONS["11"]), StateResolutionError);
});
