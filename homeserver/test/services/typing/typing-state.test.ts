/**
 * The in-memory typing state on its own: marks, changedSince, renewal and
 * expiry with explicit times (no timers).
 */
import t from "tap";
import { FOREIGN_MARK_SLACK_MS, TypingState } from "../../../src/services/typing/typing-state.js";

const R1 = "!one:ward.test";
const R2 = "!two:ward.test";
const ALICE = "@alice:ward.test";
const BOB = "@bob:ward.test";

t.test("a mark fits a sync token and names this instance", async (t) => {
  const state = new TypingState("abc123", () => 1_700_000_000_000);
  t.equal(state.currentMark(), "abc123.0.0");
  state.start(R1, ALICE, Number.MAX_SAFE_INTEGER);
  t.equal(state.currentMark(), "abc123.1.1700000000000", "instance, serial, time of the last change");
  t.match(state.currentMark(), /^[A-Za-z0-9.-]{1,64}$/);
  t.match(new TypingState().currentMark(), /^[0-9a-f]{12}\.0\.0$/, "a random hex instance by default");
  t.not(new TypingState().instance, new TypingState().instance, "two processes never share an instance");
});

t.test("starting, renewing and stopping", async (t) => {
  const state = new TypingState("i");
  t.equal(state.start(R1, BOB, 1000), true, "a new typer changes the list");
  t.equal(state.start(R1, ALICE, 1000), true);
  t.same(state.typingIn(R1), [ALICE, BOB], "sorted");
  t.same(state.typingIn(R2), []);
  const mark = state.currentMark();
  t.equal(state.start(R1, ALICE, 5000), false, "a renewal does not change the list");
  t.equal(state.currentMark(), mark, "nor the mark");
  t.equal(state.nextExpiry(), 1000);
  t.equal(state.stop(R1, BOB), true);
  t.equal(state.nextExpiry(), 5000, "the renewal moved alice's expiry");
  t.equal(state.stop(R1, BOB), false, "stopping a non-typer changes nothing");
  t.equal(state.stop(R2, BOB), false);
  t.match(state.currentMark(), /^i\.3\./);
});

t.test("changedSince: own marks give the rooms changed after them, anything else every room", async (t) => {
  const state = new TypingState("inst");
  const before = state.currentMark();
  state.start(R1, ALICE, 1000);
  const middle = state.currentMark();
  state.start(R2, BOB, 1000);
  const rooms = [R1, R2, "!quiet:ward.test"];
  t.same(state.changedSince(before, rooms), [R1, R2]);
  t.same(state.changedSince(middle, rooms), [R2]);
  t.same(state.changedSince(state.currentMark(), rooms), []);
  state.stop(R1, ALICE);
  t.same(state.changedSince(middle, rooms), [R1, R2], "stopping counts as a change");
  for (const mark of [undefined, "inst.1", "inst.x.1", "inst.01.1", "inst", "inst.-1.0", ".1.1", "inst.1.2.3", "inst.1.x"]) {
    t.same(state.changedSince(mark, rooms), rooms, `mark ${String(mark)}: every room`);
  }
  t.same(state.changedSince(undefined, []), []);
});

t.test("expire removes what is due, bumps once per room and reports those rooms", async (t) => {
  const state = new TypingState("e");
  state.start(R1, ALICE, 100);
  state.start(R1, BOB, 300);
  state.start(R2, BOB, 100);
  const mark = state.currentMark();
  t.same(state.expire(99), [], "nothing due yet");
  t.equal(state.currentMark(), mark);
  t.same(state.expire(100).sort(), [R1, R2].sort(), "due at exactly its expiry");
  t.same(state.typingIn(R1), [BOB]);
  t.same(state.typingIn(R2), []);
  t.same(state.changedSince(mark, [R1, R2]).sort(), [R1, R2].sort());
  t.match(state.currentMark(), /^e\.5\./, "one bump per room");
  t.equal(state.nextExpiry(), 300);
  t.same(state.expire(1000), [R1]);
  t.equal(state.nextExpiry(), undefined, "nobody left");
});

t.test("another process's mark (or one from before a restart) is judged by its time", async (t) => {
  let now = 10_000;
  const state = new TypingState("mine", () => now);
  state.start(R1, ALICE, 1e9);
  now = 20_000;
  state.start(R2, BOB, 1e9);
  const rooms = [R1, R2, "!quiet:ward.test"];
  t.same(state.changedSince(`theirs.7.${20_000 + FOREIGN_MARK_SLACK_MS}`, rooms), [], "nothing changed after the mark (less the slack)");
  t.same(state.changedSince("theirs.7.19000", rooms), [R2], "changes inside the slack are sent again");
  t.same(state.changedSince("theirs.7.5000", rooms), [R1, R2]);
  t.same(state.changedSince("mine.99.5000", rooms), [R1, R2], "a serial this process never reached: by time too");
  t.same(state.changedSince("theirs.7.0", rooms), [R1, R2], "never a room nobody typed in");
});
