/**
 * The classic state resolution cases, each run for room versions 10, 11 and
 * 12 with the exact resolved state asserted (every key). Where the versions
 * disagree the test says why.
 */
import t from "tap";
import { resolveState, traceStateResolution } from "../../src/stateres/index.js";
import { ROOM_VERSIONS, type RoomVersionId } from "../../src/room-versions.js";
import { ALICE, BOB, CHARLIE, ZARA, BASE_STATE_IDS, baseRoom, show } from "./fixtures.js";

const VERSIONS: RoomVersionId[] = ["10", "11", "12"];
const sorted = (ids: Iterable<string>): string[] => [...ids].sort();

/** The base room's state with some entries replaced or added (state key → event ID, readable form). */
function expected(changes: Record<string, string | undefined>): Record<string, string> {
  const state: Record<string, string | undefined> = {
    "m.room.create|": "$CREATE",
    "m.room.member|@alice:example.org": "$IMA",
    "m.room.power_levels|": "$IPOWER",
    "m.room.join_rules|": "$IJR",
    "m.room.member|@bob:example.org": "$IMB",
    "m.room.member|@charlie:example.org": "$IMC",
    ...changes,
  };
  return Object.fromEntries(Object.entries(state).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

t.test("ban vs power levels change: Alice bans Bob while Bob edits the power levels", async (t) => {
  for (const version of VERSIONS) {
    const dag = baseRoom(version);
    dag.powerLevels("$PA", ALICE, { [ALICE]: 100, [BOB]: 50 }, ["$IPOWER", "$IMA"], 10);
    dag.membership("$MB", ALICE, BOB, "ban", ["$PA", "$IMA", "$IMB"], 11);
    dag.powerLevels("$PB", BOB, { [ALICE]: 100, [BOB]: 50, [CHARLIE]: 50 }, ["$PA", "$IMB"], 12);
    const banned = dag.state(...BASE_STATE_IDS, "$PA", "$MB");
    const edited = dag.state(...BASE_STATE_IDS, "$PA", "$PB");
    const trace = traceStateResolution(dag.version, [banned, edited], dag);
    // Alice outranks Bob, so her ban is replayed first and Bob's edit then fails.
    t.strictSame(trace.powerOrder, ["$PA", "$IMB", "$MB", "$PB"], `v${version} power order`);
    t.strictSame(show(trace.resolved), expected({ "m.room.power_levels|": "$PA", "m.room.member|@bob:example.org": "$MB" }), `v${version}`);
    // The order of the state sets does not matter.
    t.strictSame(show(resolveState(dag.version, [edited, banned], dag)), show(trace.resolved), `v${version} swapped`);
  }
});

t.test("join rules change racing a join: the room turns invite-only and Zara's join is dropped", async (t) => {
  for (const version of VERSIONS) {
    const dag = baseRoom(version);
    dag.joinRules("$JR", ALICE, "invite", ["$IPOWER", "$IMA"], 10);
    dag.membership("$IMZ", ZARA, ZARA, "join", ["$IPOWER", "$IJR"], 11);
    const trace = traceStateResolution(dag.version, [dag.state(...BASE_STATE_IDS, "$JR"), dag.state(...BASE_STATE_IDS, "$IMZ")], dag);
    t.strictSame(trace.powerOrder, ["$IJR", "$JR"], `v${version} power order`);
    t.strictSame(trace.mainlineOrder, ["$IMZ"], `v${version} mainline order`);
    t.strictSame(show(trace.resolved), expected({ "m.room.join_rules|": "$JR" }), `v${version}`);
  }
});

t.test("join before the join rules change in time still loses: power events go first", async (t) => {
  for (const version of VERSIONS) {
    const dag = baseRoom(version);
    dag.membership("$IMZ", ZARA, ZARA, "join", ["$IPOWER", "$IJR"], 10);
    dag.joinRules("$JR", ALICE, "invite", ["$IPOWER", "$IMA"], 11);
    const resolved = resolveState(dag.version, [dag.state(...BASE_STATE_IDS, "$IMZ"), dag.state(...BASE_STATE_IDS, "$JR")], dag);
    t.strictSame(show(resolved), expected({ "m.room.join_rules|": "$JR" }), `v${version}`);
  }
});

t.test("topic reset: Bob's topic goes when the ban that follows it wins", async (t) => {
  for (const version of VERSIONS) {
    const dag = baseRoom(version);
    dag.topic("$T1", ALICE, "one", ["$IPOWER", "$IMA"], 10);
    dag.powerLevels("$PA", ALICE, { [ALICE]: 100, [BOB]: 50 }, ["$IPOWER", "$IMA"], 11);
    dag.topic("$T2", BOB, "two", ["$PA", "$IMB"], 12);
    dag.membership("$MB", ALICE, BOB, "ban", ["$PA", "$IMA", "$IMB"], 13);
    const early = dag.state(...BASE_STATE_IDS, "$T1");
    const late = dag.state(...BASE_STATE_IDS, "$T1", "$PA", "$T2", "$MB");
    const trace = traceStateResolution(dag.version, [early, late], dag);
    t.strictSame(sorted(trace.authDifference), ["$IMB", "$PA"], `v${version} auth difference`);
    // v12 also replays $IJR: it lies on the path $IMB → $IJR → $IPOWER between conflicted events.
    const subgraphExtra = version === "12" ? ["$IJR"] : [];
    t.strictSame(trace.powerOrder, ["$IPOWER", ...subgraphExtra, "$PA", "$IMB", "$MB"], `v${version} power order`);
    // $T1 hangs off $IPOWER (mainline position 1), $T2 off $PA (0): $T1 first.
    t.strictSame(trace.mainlineOrder, ["$T1", "$T2"], `v${version} mainline order`);
    t.strictSame(
      show(trace.resolved),
      expected({ "m.room.power_levels|": "$PA", "m.room.member|@bob:example.org": "$MB", "m.room.topic|": "$T1" }),
      `v${version}`,
    );
  }
});

t.test("topic reset by demotion: Bob's topic goes when Alice takes his power away", async (t) => {
  for (const version of VERSIONS) {
    const dag = baseRoom(version);
    dag.topic("$T1", ALICE, "one", ["$IPOWER", "$IMA"], 10);
    dag.powerLevels("$PA", ALICE, { [ALICE]: 100, [BOB]: 50 }, ["$IPOWER", "$IMA"], 11);
    dag.topic("$T2", BOB, "two", ["$PA", "$IMB"], 12);
    dag.powerLevels("$PD", ALICE, { [ALICE]: 100, [BOB]: 0 }, ["$PA", "$IMA"], 13);
    const resolved = resolveState(dag.version, [dag.state(...BASE_STATE_IDS, "$T1", "$PA", "$T2"), dag.state(...BASE_STATE_IDS, "$T1", "$PA", "$PD")], dag);
    t.strictSame(show(resolved), expected({ "m.room.power_levels|": "$PD", "m.room.topic|": "$T1" }), `v${version}`);
  }
});

t.test("concurrent power levels edits by equals both pass; the later in the ordering wins", async (t) => {
  for (const version of VERSIONS) {
    const dag = baseRoom(version);
    dag.powerLevels("$PA", ALICE, { [ALICE]: 100, [BOB]: 100, [CHARLIE]: 100 }, ["$IPOWER", "$IMA"], 10);
    const users = { [ALICE]: 100, [BOB]: 100, [CHARLIE]: 100 };
    dag.powerLevels("$PB", BOB, users, ["$PA", "$IMB"], 20, { ban: 60 });
    dag.powerLevels("$PC", CHARLIE, users, ["$PA", "$IMC"], 20, { ban: 70 });
    const trace = traceStateResolution(dag.version, [dag.state(...BASE_STATE_IDS, "$PA", "$PB"), dag.state(...BASE_STATE_IDS, "$PA", "$PC")], dag);
    // Each state set cites only its own editor's join: both joins are in the auth difference.
    t.strictSame(sorted(trace.authDifference), ["$IMB", "$IMC"], `v${version} auth difference`);
    t.strictSame(trace.powerOrder, ["$IMB", "$PB", "$IMC", "$PC"], `v${version} power order`);
    t.strictSame(show(trace.resolved), expected({ "m.room.power_levels|": "$PC" }), `v${version}`);
  }
});

t.test("concurrent power levels edits: the creator's demotion of Bob vs Bob's own edit", async (t) => {
  for (const version of VERSIONS) {
    const dag = baseRoom(version);
    dag.powerLevels("$PA", ALICE, { [ALICE]: 100, [BOB]: 100 }, ["$IPOWER", "$IMA"], 10);
    dag.powerLevels("$PB", BOB, { [ALICE]: 100, [BOB]: 100 }, ["$PA", "$IMB"], 20, { ban: 60 });
    dag.powerLevels("$PD", ALICE, { [ALICE]: 100, [BOB]: 0 }, ["$PA", "$IMA"], 30);
    const trace = traceStateResolution(dag.version, [dag.state(...BASE_STATE_IDS, "$PA", "$PB"), dag.state(...BASE_STATE_IDS, "$PA", "$PD")], dag);
    t.strictSame(trace.powerOrder, ["$PD", "$IMB", "$PB"], `v${version} power order`);
    // Up to v11 Alice (100) cannot demote Bob (100), so Bob's edit stands. In
    // v12 the creator has infinite power: her demotion passes and Bob's edit fails.
    const winner = version === "12" ? "$PD" : "$PB";
    t.strictSame(show(trace.resolved), expected({ "m.room.power_levels|": winner }), `v${version}`);
  }
});

t.test("offtopic power levels: a chain of power levels edits replays in order", async (t) => {
  for (const version of VERSIONS) {
    const dag = baseRoom(version);
    dag.powerLevels("$PA", ALICE, { [ALICE]: 100, [BOB]: 50 }, ["$IPOWER", "$IMA"], 10);
    dag.powerLevels("$PB", BOB, { [ALICE]: 100, [BOB]: 50, [CHARLIE]: 50 }, ["$PA", "$IMB"], 11);
    dag.powerLevels("$PC", CHARLIE, { [ALICE]: 100, [BOB]: 50, [CHARLIE]: 0 }, ["$PB", "$IMC"], 12);
    const trace = traceStateResolution(dag.version, [dag.state(...BASE_STATE_IDS, "$PA", "$PB", "$PC"), dag.state(...BASE_STATE_IDS, "$PA")], dag);
    t.strictSame(trace.powerOrder, ["$PA", "$IMB", "$PB", "$IMC", "$PC"], `v${version} power order`);
    t.strictSame(show(trace.resolved), expected({ "m.room.power_levels|": "$PC" }), `v${version}`);
  }
});

t.test("power level ties: timestamp, then event ID", async (t) => {
  for (const version of VERSIONS) {
    const dag = baseRoom(version);
    dag.powerLevels("$PX", ALICE, { [ALICE]: 100, [BOB]: 10 }, ["$IPOWER", "$IMA"], 10);
    dag.powerLevels("$PY", ALICE, { [ALICE]: 100, [BOB]: 20 }, ["$IPOWER", "$IMA"], 10);
    dag.powerLevels("$PW", ALICE, { [ALICE]: 100, [BOB]: 30 }, ["$IPOWER", "$IMA"], 9);
    const x = dag.state(...BASE_STATE_IDS, "$PX");
    const y = dag.state(...BASE_STATE_IDS, "$PY");
    const w = dag.state(...BASE_STATE_IDS, "$PW");
    // Same sender, same time: $PX < $PY, so $PY is applied last and wins.
    t.strictSame(show(resolveState(dag.version, [y, x], dag)), expected({ "m.room.power_levels|": "$PY" }), `v${version} by ID`);
    // $PW is older, so it is applied first and loses even to the larger ID.
    t.strictSame(show(resolveState(dag.version, [w, x], dag)), expected({ "m.room.power_levels|": "$PX" }), `v${version} by time`);
    t.strictSame(traceStateResolution(dag.version, [x, y, w], dag).powerOrder, ["$PW", "$PX", "$PY"], `v${version} three-way`);
  }
});

t.test("concurrent topics: mainline position first, then timestamp, then event ID", async (t) => {
  for (const version of VERSIONS) {
    const dag = baseRoom(version);
    dag.powerLevels("$PA", ALICE, { [ALICE]: 100, [BOB]: 50 }, ["$IPOWER", "$IMA"], 10);
    // Alice's clock runs fast, but her topic cites older power levels than Bob's.
    dag.topic("$TOLD", ALICE, "old", ["$IPOWER", "$IMA"], 30);
    dag.topic("$TNEW", BOB, "new", ["$PA", "$IMB"], 20);
    dag.topic("$TA", ALICE, "a", ["$PA", "$IMA"], 40);
    dag.topic("$TB", ALICE, "b", ["$PA", "$IMA"], 40);
    const at = (topic: string) => dag.state(...BASE_STATE_IDS, "$PA", topic);
    const topicOf = (...ids: string[]) => show(resolveState(dag.version, ids.map(at), dag))["m.room.topic|"];
    t.equal(topicOf("$TOLD", "$TNEW"), "$TNEW", `v${version} position beats time`);
    t.equal(topicOf("$TNEW", "$TA"), "$TA", `v${version} same position: later time wins`);
    t.equal(topicOf("$TB", "$TA"), "$TB", `v${version} same time: larger ID wins`);
    t.strictSame(
      show(resolveState(dag.version, [at("$TOLD"), at("$TNEW")], dag)),
      expected({ "m.room.power_levels|": "$PA", "m.room.topic|": "$TNEW" }),
      `v${version} whole state`,
    );
  }
});

t.test("a kick wins over the kicked user's concurrent state change", async (t) => {
  for (const version of VERSIONS) {
    const dag = baseRoom(version);
    dag.powerLevels("$PA", ALICE, { [ALICE]: 100, [BOB]: 50 }, ["$IPOWER", "$IMA"], 10);
    dag.membership("$KB", ALICE, BOB, "leave", ["$PA", "$IMA", "$IMB"], 11);
    dag.topic("$TB", BOB, "still here", ["$PA", "$IMB"], 12);
    const resolved = resolveState(dag.version, [dag.state(...BASE_STATE_IDS, "$PA", "$KB"), dag.state(...BASE_STATE_IDS, "$PA", "$TB")], dag);
    t.strictSame(show(resolved), expected({ "m.room.power_levels|": "$PA", "m.room.member|@bob:example.org": "$KB" }), `v${version}`);
  }
});

t.test("trivial inputs", async (t) => {
  const dag = baseRoom("11");
  const base = dag.state(...BASE_STATE_IDS);
  t.equal(resolveState(dag.version, [], dag).size, 0, "no state sets");
  t.strictSame(show(resolveState(dag.version, [base], dag)), expected({}), "one state set");
  t.strictSame(show(resolveState(dag.version, [base, new Map(base)], dag)), expected({}), "identical state sets");
  const trace = traceStateResolution(dag.version, [base, base], dag);
  t.equal(trace.fullConflictedSet.size, 0);
  t.strictSame(trace.powerOrder, []);
});

t.test("input errors", async (t) => {
  const dag = baseRoom("11");
  dag.topic("$T", ALICE, "t", ["$IPOWER", "$IMA"], 10);
  const base = dag.state(...BASE_STATE_IDS);
  const withMissing = new Map(base).set("m.room.topic\u0000", "$MISSING");
  t.throws(() => resolveState(dag.version, [base, withMissing], dag), {
    name: "StateResolutionError", message: "event $MISSING is needed for the conflicted state set but was not preloaded",
  });
  const misfiled = new Map(base).set("m.room.name\u0000", "$T");
  t.throws(() => resolveState(dag.version, [base, misfiled], dag), {
    name: "StateResolutionError", eventId: "$T",
  });
  dag.topic("$T2", ALICE, "t", ["$IPOWER", "$GONE"], 11);
  t.throws(() => resolveState(dag.version, [base, dag.state(...BASE_STATE_IDS, "$T2")], dag), {
    name: "StateResolutionError", eventId: "$GONE",
  });
  t.throws(() => resolveState(ROOM_VERSIONS["11"], [base, dag.state(...BASE_STATE_IDS, "$T2")], { get: () => undefined }), {
    name: "StateResolutionError",
  });
});
