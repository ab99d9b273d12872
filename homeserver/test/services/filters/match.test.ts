/**
 * Event filters: the in-memory matcher and the SQL condition must agree.
 */
import t from "tap";
import { compileEventFilter, eventFilterSql, likePattern, matchesEvent, typeMatches, allowsRoom, matchesContent } from "../../../src/services/filters/match.js";
import { pageMatching } from "../../../src/services/sync/queries.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { appendEvent, eventRow } from "../../store/fixtures.js";
import type { NewEvent } from "../../../src/store/tables/events.js";

t.test("type patterns", async (t) => {
  t.ok(typeMatches("m.room.message", "m.room.message"));
  t.notOk(typeMatches("m.room.message", "m.room.messages"));
  t.ok(typeMatches("m.room.*", "m.room.name"));
  t.ok(typeMatches("*", "anything"));
  t.ok(typeMatches("m.*.name", "m.room.name"));
  t.notOk(typeMatches("m.room.*", "m.roomx"));
  t.notOk(typeMatches("m.room.mes_age", "m.room.message"), "_ is no wildcard");
  t.notOk(typeMatches("m.room.%", "m.room.name"), "% is no wildcard");
  t.equal(likePattern("a_b%c\\d*"), "a\\_b\\%c\\\\d%");
});

t.test("semantics: absent allows all, empty allows none, not_* wins", async (t) => {
  const ev = { type: "m.room.message", sender: "@a:x" };
  t.ok(matchesEvent(compileEventFilter(undefined), ev));
  t.ok(matchesEvent(compileEventFilter({}), ev));
  t.notOk(matchesEvent(compileEventFilter({ types: [] }), ev));
  t.notOk(matchesEvent(compileEventFilter({ senders: [] }), ev));
  t.notOk(matchesEvent(compileEventFilter({ types: ["m.room.*"], not_types: ["m.room.message"] }), ev));
  t.notOk(matchesEvent(compileEventFilter({ senders: ["@a:x"], not_senders: ["@a:x"] }), ev));
  t.ok(matchesEvent(compileEventFilter({ senders: ["@a:x"] }), ev));
  t.ok(allowsRoom(compileEventFilter({ rooms: ["!r:x"] }), "!r:x"));
  t.notOk(allowsRoom(compileEventFilter({ rooms: ["!r:x"], not_rooms: ["!r:x"] }), "!r:x"));
  t.notOk(allowsRoom(compileEventFilter({ rooms: [] }), "!r:x"));
  t.ok(matchesContent(compileEventFilter({ contains_url: true }), { url: "mxc://x/y" }));
  t.notOk(matchesContent(compileEventFilter({ contains_url: true }), { body: "x" }));
  t.ok(matchesContent(compileEventFilter({ contains_url: false }), { body: "x" }));
  t.same(eventFilterSql(compileEventFilter({}), 3), { sql: "TRUE", params: [] });
});

await forEachDatabase(t, "SQL and memory agree", async (t, db) => {
  const room = "!agree:ward.test";
  const rows: NewEvent[] = [];
  for (const [type, sender] of [
    ["m.room.message", "@a:ward.test"], ["m.room.name", "@b:ward.test"], ["m.reaction", "@a:ward.test"],
    ["org.ex_ample.%weird", "@c:ward.test"], ["m.room.member", "@b:ward.test"], ["m.roomy", "@a:ward.test"],
  ] as const) {
    rows.push(await appendEvent(db, eventRow(room, { type, sender, stateKey: type === "m.room.member" ? sender : null })));
  }
  const filters = [
    {}, { types: [] }, { types: ["m.room.*"] }, { not_types: ["m.room.*"] }, { types: ["*"], not_types: ["m.room.message"] },
    { senders: ["@a:ward.test"] }, { not_senders: ["@a:ward.test", "@b:ward.test"] }, { types: ["org.ex_ample.%weird"] },
    { types: ["org.exXample.*"] }, { types: ["m.room*"], senders: ["@a:ward.test"] }, { senders: [] },
  ];
  for (const f of filters) {
    const matcher = compileEventFilter(f);
    const sql = await pageMatching(db, room, { dir: "f", from: 0, to: undefined, limit: 100, matcher });
    const memory = rows.filter((r) => matchesEvent(matcher, r));
    t.same(sql.map((r) => r.eventId), memory.map((r) => r.eventId), JSON.stringify(f));
  }
});
