import t from "tap";
import { afterPut, afterSync, CURRENTLY_ACTIVE_MS, presenceContent } from "../../../src/services/presence/rules.js";
import type { PresenceRow } from "../../../src/store/tables/presence.js";

const T = 1_700_000_000_000;
const ALICE = "@alice:example.org";

const row = (fields: Partial<PresenceRow>): PresenceRow => ({
  userId: ALICE, state: "online", statusMsg: null, explicit: false, lastActiveTs: T, lastSyncTs: T, streamPos: 7, ...fields,
});

t.test("a first sync creates the row, visible", async (t) => {
  t.same(afterSync(null, ALICE, "online", T), {
    row: { userId: ALICE, state: "online", statusMsg: null, explicit: false, lastActiveTs: T, lastSyncTs: T },
    visible: true,
  });
  t.match(afterSync(null, ALICE, "unavailable", T), { row: { state: "unavailable", lastActiveTs: T }, visible: true });
});

t.test("syncing online is activity; syncing unavailable is not", async (t) => {
  t.same(afterSync(row({}), ALICE, "online", T + 5).row, { userId: ALICE, state: "online", statusMsg: null, explicit: false, lastActiveTs: T + 5, lastSyncTs: T + 5 });
  t.equal(afterSync(row({}), ALICE, "online", T + 5).visible, false, "same state: timestamps only");
  const idle = afterSync(row({}), ALICE, "unavailable", T + 5);
  t.same([idle.row.state, idle.row.lastActiveTs, idle.row.lastSyncTs, idle.visible], ["unavailable", T, T + 5, true]);
});

t.test("syncs keep the status message and do not override an explicit unavailable or offline", async (t) => {
  t.equal(afterSync(row({ statusMsg: "Lunch" }), ALICE, "online", T).row.statusMsg, "Lunch");
  for (const state of ["unavailable", "offline"] as const) {
    const next = afterSync(row({ state, explicit: true, lastActiveTs: T - 100 }), ALICE, "online", T);
    t.same([next.row.state, next.row.explicit, next.row.lastActiveTs, next.row.lastSyncTs, next.visible], [state, true, T - 100, T, false], state);
  }
  const swept = afterSync(row({ state: "offline", explicit: false }), ALICE, "online", T);
  t.same([swept.row.state, swept.visible], ["online", true], "swept offline: a sync brings the user back");
  t.same(afterSync(row({ explicit: true }), ALICE, "unavailable", T).row.state, "unavailable", "an explicit online does not hold");
});

t.test("a PUT is explicit activity; visible only when state or message change", async (t) => {
  t.same(afterPut(row({ lastActiveTs: T - 9 }), ALICE, "online", null, T), {
    row: { userId: ALICE, state: "online", statusMsg: null, explicit: true, lastActiveTs: T, lastSyncTs: T },
    visible: false,
  });
  t.equal(afterPut(row({}), ALICE, "online", "Lunch", T).visible, true);
  t.equal(afterPut(row({}), ALICE, "offline", null, T).visible, true);
  t.equal(afterPut(null, ALICE, "offline", null, T).visible, true);
});

t.test("presenceContent", async (t) => {
  t.same(presenceContent(row({ statusMsg: "In clinic" }), T + 1000), { presence: "online", last_active_ago: 1000, currently_active: true, status_msg: "In clinic" });
  t.same(presenceContent(row({}), T + CURRENTLY_ACTIVE_MS), { presence: "online", last_active_ago: CURRENTLY_ACTIVE_MS, currently_active: false });
  t.same(presenceContent(row({ state: "unavailable" }), T + 5), { presence: "unavailable", last_active_ago: 5 });
  t.same(presenceContent(row({ state: "offline" }), T - 5), { presence: "offline", last_active_ago: 0 }, "never negative");
});
