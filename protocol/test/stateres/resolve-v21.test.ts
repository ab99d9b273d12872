/**
 * What state resolution v2.1 (room version 12) changes, on the two state
 * resets of MSC4297 rebuilt as Ward fixtures. Each case is resolved with the
 * real room versions and also with the algorithm switched on its own
 * (`stateResV21` flipped), so the difference is shown to come from the
 * algorithm and not from v12's other rule changes.
 */
import t from "tap";
import { resolveState, traceStateResolution } from "../../src/stateres/index.js";
import { ROOM_VERSIONS, type RoomVersion } from "../../src/room-versions.js";
import { ALICE, BOB, CHARLIE, ZARA, JR_KEY, BASE_STATE_IDS, baseRoom, show } from "./fixtures.js";

const sorted = (ids: Iterable<string>): string[] => [...ids].sort();
const V11_WITH_V21: RoomVersion = { ...ROOM_VERSIONS["11"], stateResV21: true };
const V12_WITH_V20: RoomVersion = { ...ROOM_VERSIONS["12"], stateResV21: false };

/**
 * Alice sets the join rules twice, then leaves. One state set is stale and
 * still holds her first join rules; both agree she has left. v2.0 replays the
 * join rules on top of "Alice left" and both fail, so the room ends up with
 * no join rules at all. v2.1 replays them on their own auth events, where
 * Alice is still joined.
 */
function problemA(version: "11" | "12") {
  const dag = baseRoom(version);
  dag.joinRules("$JR1", ALICE, "invite", ["$IPOWER", "$IMA"], 10);
  dag.joinRules("$JR2", ALICE, "knock", ["$IPOWER", "$IMA"], 11);
  dag.membership("$LA", ALICE, ALICE, "leave", ["$IPOWER", "$IMA"], 12);
  const current = dag.state(...BASE_STATE_IDS, "$JR2", "$LA");
  const stale = dag.state(...BASE_STATE_IDS, "$JR1", "$LA");
  return { dag, stateSets: [current, stale] };
}

const AFTER_A = {
  "m.room.create|": "$CREATE",
  "m.room.member|@alice:example.org": "$LA",
  "m.room.power_levels|": "$IPOWER",
  "m.room.member|@bob:example.org": "$IMB",
  "m.room.member|@charlie:example.org": "$IMC",
};

t.test("problem A: v2.0 loses the join rules, v2.1 keeps the latest", async (t) => {
  const a11 = problemA("11");
  t.strictSame(show(resolveState(a11.dag.version, a11.stateSets, a11.dag)), AFTER_A, "v11");
  t.strictSame(show(resolveState(V11_WITH_V21, a11.stateSets, a11.dag)), { ...AFTER_A, "m.room.join_rules|": "$JR2" }, "v11 rules, v2.1");

  const a12 = problemA("12");
  const trace = traceStateResolution(a12.dag.version, a12.stateSets, a12.dag);
  t.strictSame(sorted(trace.fullConflictedSet), ["$JR1", "$JR2"]);
  t.strictSame(trace.powerOrder, ["$JR1", "$JR2"]);
  // Started from nothing: only what was replayed.
  t.strictSame(show(trace.partialState), { "m.room.join_rules|": "$JR2" });
  t.strictSame(show(trace.resolved), { ...AFTER_A, "m.room.join_rules|": "$JR2" }, "v12");
  t.strictSame(show(resolveState(V12_WITH_V20, a12.stateSets, a12.dag)), AFTER_A, "v12 rules, v2.0");
});

/**
 * Alice promotes Bob, Bob promotes Charlie, Charlie sets the topic. One state
 * set is stale about the power levels (still the first) but has Charlie's
 * topic, so both auth chains contain every promotion and the auth difference
 * is empty. v2.0 replays only the two conflicted power levels; Bob's
 * promotion of Charlie fails against the first. v2.1 adds the events between
 * them (the conflicted state subgraph), so Alice's promotion of Bob is
 * replayed first and Bob's then passes.
 */
function problemB(version: "11" | "12") {
  const dag = baseRoom(version);
  dag.powerLevels("$PB1", ALICE, { [ALICE]: 100, [BOB]: 100 }, ["$IPOWER", "$IMA"], 10);
  dag.powerLevels("$PC1", BOB, { [ALICE]: 100, [BOB]: 100, [CHARLIE]: 100 }, ["$PB1", "$IMB"], 11);
  dag.topic("$TC", CHARLIE, "charlie's", ["$PC1", "$IMC"], 12);
  const current = dag.state(...BASE_STATE_IDS, "$PB1", "$PC1", "$TC");
  const stale = dag.state(...BASE_STATE_IDS, "$TC");
  return { dag, stateSets: [current, stale] };
}

const AFTER_B = {
  "m.room.create|": "$CREATE",
  "m.room.member|@alice:example.org": "$IMA",
  "m.room.join_rules|": "$IJR",
  "m.room.member|@bob:example.org": "$IMB",
  "m.room.member|@charlie:example.org": "$IMC",
  "m.room.topic|": "$TC",
};

t.test("problem B: v2.0 resets the power levels, v2.1 replays the promotions between them", async (t) => {
  const b11 = problemB("11");
  const trace11 = traceStateResolution(b11.dag.version, b11.stateSets, b11.dag);
  t.strictSame(sorted(trace11.authDifference), []);
  t.strictSame(sorted(trace11.conflictedSubgraph), []);
  t.strictSame(sorted(trace11.fullConflictedSet), ["$IPOWER", "$PC1"]);
  t.strictSame(trace11.powerOrder, ["$IPOWER", "$PC1"]);
  t.strictSame(show(trace11.resolved), { ...AFTER_B, "m.room.power_levels|": "$IPOWER" }, "v11");
  t.strictSame(show(resolveState(V11_WITH_V21, b11.stateSets, b11.dag)), { ...AFTER_B, "m.room.power_levels|": "$PC1" }, "v11 rules, v2.1");

  const b12 = problemB("12");
  const trace12 = traceStateResolution(b12.dag.version, b12.stateSets, b12.dag);
  t.strictSame(sorted(trace12.authDifference), []);
  t.strictSame(sorted(trace12.conflictedSubgraph), ["$IJR", "$IMB", "$IPOWER", "$PB1", "$PC1"]);
  t.strictSame(sorted(trace12.fullConflictedSet), ["$IJR", "$IMB", "$IPOWER", "$PB1", "$PC1"]);
  t.strictSame(trace12.powerOrder, ["$IPOWER", "$IJR", "$PB1", "$IMB", "$PC1"]);
  t.strictSame(show(trace12.partialState), {
    "m.room.power_levels|": "$PC1", "m.room.join_rules|": "$IJR", "m.room.member|@bob:example.org": "$IMB",
  });
  t.strictSame(show(trace12.resolved), { ...AFTER_B, "m.room.power_levels|": "$PC1" }, "v12");
  t.strictSame(show(resolveState(V12_WITH_V20, b12.stateSets, b12.dag)), { ...AFTER_B, "m.room.power_levels|": "$IPOWER" }, "v12 rules, v2.0");
});

t.test("problem B needs the subgraph, not only the empty starting state", async (t) => {
  // Without the subgraph the full conflicted set is {$IPOWER, $PC1}; starting
  // from nothing, $PC1 is checked against $IPOWER and fails all the same.
  const b12 = problemB("12");
  const trace = traceStateResolution(V12_WITH_V20, b12.stateSets, b12.dag);
  t.strictSame(sorted(trace.fullConflictedSet), ["$IPOWER", "$PC1"]);
  t.strictSame(trace.powerOrder, ["$IPOWER", "$PC1"]);
  t.strictSame(show(trace.partialState), { ...AFTER_B, "m.room.power_levels|": "$IPOWER" });
});

t.test("the unconflicted state is put back over whatever the replay filed under its keys", async (t) => {
  // Zara joined while the room was public ($IJR); the room then became
  // invite-only ($JR2). One state set missed her join. Her join pulls the old
  // join rules into the auth difference, the replay files them under the join
  // rules key, and step 5 restores the agreed $JR2.
  for (const version of ["11", "12"] as const) {
    const dag = baseRoom(version);
    dag.membership("$ZJ", ZARA, ZARA, "join", ["$IPOWER", "$IJR"], 15);
    dag.joinRules("$JR2", ALICE, "invite", ["$IPOWER", "$IMA"], 20);
    const sawJoin = dag.state("$CREATE", "$IMA", "$IPOWER", "$JR2", "$ZJ");
    const missedJoin = dag.state("$CREATE", "$IMA", "$IPOWER", "$JR2");
    const trace = traceStateResolution(dag.version, [sawJoin, missedJoin], dag);
    t.strictSame(sorted(trace.authDifference), ["$IJR"], `v${version} auth difference`);
    t.strictSame(trace.powerOrder, ["$IJR"], `v${version} power order`);
    t.equal(trace.partialState.get(JR_KEY), "$IJR", `v${version} replay files the old join rules`);
    t.strictSame(show(trace.resolved), {
      "m.room.create|": "$CREATE",
      "m.room.member|@alice:example.org": "$IMA",
      "m.room.power_levels|": "$IPOWER",
      "m.room.join_rules|": "$JR2",
      "m.room.member|@zara:example.org": "$ZJ",
    }, `v${version}`);
  }
});

t.test("a join one side missed, with join rules both sides agree on: v2.0 judges it by them, v2.1 by its own auth events", async (t) => {
  // Both state sets hold the invite-only $JR2; Zara's join cites the public
  // $IJR, which every auth chain already contains (Bob's and Charlie's joins
  // cite it), so only her join is replayed.
  const run = (version: "11" | "12", override?: RoomVersion) => {
    const dag = baseRoom(version);
    dag.membership("$ZJ", ZARA, ZARA, "join", ["$IPOWER", "$IJR"], 15);
    dag.joinRules("$JR2", ALICE, "invite", ["$IPOWER", "$IMA"], 20);
    const trace = traceStateResolution(override ?? dag.version, [dag.state(...BASE_STATE_IDS, "$JR2", "$ZJ"), dag.state(...BASE_STATE_IDS, "$JR2")], dag);
    t.strictSame(sorted(trace.fullConflictedSet), ["$ZJ"], `v${version} full conflicted set`);
    return show(trace.resolved);
  };
  const agreed = {
    "m.room.create|": "$CREATE",
    "m.room.member|@alice:example.org": "$IMA",
    "m.room.power_levels|": "$IPOWER",
    "m.room.join_rules|": "$JR2",
    "m.room.member|@bob:example.org": "$IMB",
    "m.room.member|@charlie:example.org": "$IMC",
  };
  t.strictSame(run("11"), agreed, "v11 drops the join");
  t.strictSame(run("12"), { ...agreed, "m.room.member|@zara:example.org": "$ZJ" }, "v12 keeps the join");
  t.strictSame(run("12", V12_WITH_V20), agreed, "v12 rules, v2.0");
  t.strictSame(run("11", V11_WITH_V21), { ...agreed, "m.room.member|@zara:example.org": "$ZJ" }, "v11 rules, v2.1");
});
