import t from "tap";
import { authStateFor, iterativeAuthChecks, StateResolutionError } from "../../src/stateres/index.js";
import { ROOM_VERSIONS } from "../../src/room-versions.js";
import { ALICE, BOB, CREATE_KEY, PL_KEY, TOPIC_KEY, baseRoom, member, show } from "./fixtures.js";

function room(version: "11" | "12") {
  const dag = baseRoom(version);
  dag.powerLevels("$PA", ALICE, { [ALICE]: 100, [BOB]: 50 }, ["$IPOWER", "$IMA"], 10);
  dag.topic("$TB", BOB, "bob's topic", ["$PA", "$IMB"], 11);
  return dag;
}

t.test("events the rules allow join the state in order; refused ones are skipped", async (t) => {
  const dag = room("11");
  const v = ROOM_VERSIONS["11"];
  const base = dag.state("$CREATE", "$IMA", "$IPOWER", "$IJR", "$IMB");
  t.strictSame(show(iterativeAuthChecks(v, base, ["$PA", "$TB"], dag)), {
    "m.room.create|": "$CREATE", "m.room.member|@alice:example.org": "$IMA", "m.room.member|@bob:example.org": "$IMB",
    "m.room.join_rules|": "$IJR", "m.room.power_levels|": "$PA", "m.room.topic|": "$TB",
  });
  // Against $IPOWER (Bob at 0) Bob may not set the topic, even though $TB cites $PA: the state wins.
  const refused = iterativeAuthChecks(v, base, ["$TB"], dag);
  t.equal(refused.get(TOPIC_KEY), undefined);
  t.equal(refused.get(PL_KEY), "$IPOWER");
  // The input map is not modified.
  t.equal(base.get(TOPIC_KEY), undefined);
  t.equal(base.get(PL_KEY), "$IPOWER");
});

t.test("a key missing from the state is taken from the event's auth events", async (t) => {
  const dag = room("11");
  const v = ROOM_VERSIONS["11"];
  const state = iterativeAuthChecks(v, dag.state("$CREATE"), ["$TB"], dag);
  t.equal(state.get(TOPIC_KEY), "$TB");
  const authState = authStateFor(dag.get("$TB")!, dag.state("$CREATE", "$IPOWER"), dag, v)!;
  t.strictSame(show(new Map([...authState].map(([k, e]) => [k, e.event_id]))), {
    "m.room.create|": "$CREATE", "m.room.power_levels|": "$IPOWER", "m.room.member|@bob:example.org": "$IMB",
  });
});

t.test("a rejected auth event is not borrowed", async (t) => {
  const dag = room("11");
  const v = ROOM_VERSIONS["11"];
  dag.rejected.add("$IMB");
  // Without Bob's join he is not a member, so his topic is refused.
  t.equal(iterativeAuthChecks(v, dag.state("$CREATE", "$PA"), ["$TB"], dag).get(TOPIC_KEY), undefined);
  // A state entry is used as it is; rejection only concerns borrowed auth events.
  t.equal(iterativeAuthChecks(v, dag.state("$CREATE", "$PA", "$IMB"), ["$TB"], dag).get(TOPIC_KEY), "$TB");
});

t.test("v12: the create event comes from the room ID when the state has none", async (t) => {
  const dag = room("12");
  const v = ROOM_VERSIONS["12"];
  const state = iterativeAuthChecks(v, new Map(), ["$PA", "$TB"], dag);
  t.strictSame(show(state), { "m.room.power_levels|": "$PA", "m.room.topic|": "$TB" });
  const authState = authStateFor(dag.get("$TB")!, new Map(), dag, v)!;
  t.equal(authState.get(CREATE_KEY)?.event_id, "$CREATE");
  t.equal(authState.get(member(BOB))?.event_id, "$IMB");
  // A rejected create event leaves nothing to authorise against.
  dag.rejected.add("$CREATE");
  t.equal(authStateFor(dag.get("$TB")!, new Map(), dag, v), undefined);
  t.equal(iterativeAuthChecks(v, new Map(), ["$TB"], dag).size, 0);
});

t.test("v12: the create event must be preloaded and be a create event", async (t) => {
  const dag = room("12");
  dag.byId.delete("$CREATE");
  t.throws(() => iterativeAuthChecks(ROOM_VERSIONS["12"], new Map(), ["$TB"], dag), {
    name: "StateResolutionError", message: "event $CREATE is needed for the create event of $TB but was not preloaded",
  });
  const odd = room("12");
  odd.byId.set("$CREATE", { ...odd.get("$IMA")!, event_id: "$CREATE" });
  t.throws(() => iterativeAuthChecks(ROOM_VERSIONS["12"], new Map(), ["$TB"], odd), StateResolutionError);
});

t.test("the create event itself is checked against itself", async (t) => {
  for (const version of ["11", "12"] as const) {
    const dag = room(version);
    t.equal(iterativeAuthChecks(ROOM_VERSIONS[version], new Map(), ["$CREATE"], dag).get(CREATE_KEY), "$CREATE", `v${version}`);
  }
});

t.test("message events cannot be part of state resolution", async (t) => {
  const dag = room("11");
  dag.add({ id: "$MSG", type: "m.room.message", sender: ALICE, content: { body: "hi" }, auth: ["$IPOWER", "$IMA"], ts: 20 });
  t.throws(() => iterativeAuthChecks(ROOM_VERSIONS["11"], new Map(), ["$MSG"], dag), {
    name: "StateResolutionError", message: "$MSG is not a state event, so it cannot take part in state resolution",
  });
});
