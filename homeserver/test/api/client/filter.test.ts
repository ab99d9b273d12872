/**
 * POST /user/{userId}/filter, GET /user/{userId}/filter/{filterId}, and
 * stored filters used by /sync.
 */
import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";
import { bodies, createRoom, send, sync, syncPath, types } from "./sync-fixtures.js";

const filterPath = (userId: string, id?: string) => `/_matrix/client/v3/user/${encodeURIComponent(userId)}/filter${id === undefined ? "" : `/${id}`}`;

await forEachDatabase(t, "storing and fetching filters", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const filter = { room: { timeline: { limit: 2, types: ["m.room.message"] }, state: { lazy_load_members: true } }, presence: { not_types: ["*"] }, "org.example.extra": 1 };
  const created = await hs.request("POST", filterPath(alice.userId), { token: alice.accessToken, body: filter });
  t.same([created.status, created.json], [200, { filter_id: "0" }]);
  const same = await hs.request("POST", filterPath(alice.userId), { token: alice.accessToken, body: filter });
  t.same(same.json, { filter_id: "0" }, "an identical filter keeps its ID");
  const other = await hs.request("POST", filterPath(alice.userId), { token: alice.accessToken, body: { room: { include_leave: true } } });
  t.same(other.json, { filter_id: "1" });
  const fetched = await hs.request("GET", filterPath(alice.userId, "0"), { token: alice.accessToken });
  t.same([fetched.status, fetched.json], [200, filter], "handed back as written, unknown fields too");

  const forBob = await hs.request("POST", filterPath(bob.userId), { token: alice.accessToken, body: filter });
  t.same([forBob.status, forBob.json.errcode], [403, "M_FORBIDDEN"]);
  const bobsRead = await hs.request("GET", filterPath(alice.userId, "0"), { token: bob.accessToken });
  t.same([bobsRead.status, bobsRead.json.errcode], [403, "M_FORBIDDEN"]);
  for (const id of ["7", "x", "007", "-1"]) {
    const missing = await hs.request("GET", filterPath(alice.userId, id), { token: alice.accessToken });
    t.same([missing.status, missing.json.errcode], [404, "M_NOT_FOUND"], `filter ${id}`);
  }
  const bad = [
    { room: { timeline: { limit: 0 } } },
    { room: { rooms: ["not-a-room"] } },
    { room: { timeline: { senders: ["alice"] } } },
    { room: { timeline: { types: "m.room.message" } } },
    { event_format: "xml" },
    { account_data: { limit: 1.5 } },
  ];
  for (const body of bad) {
    const res = await hs.request("POST", filterPath(alice.userId), { token: alice.accessToken, body });
    t.same([res.status, res.json.errcode], [400, "M_BAD_JSON"], JSON.stringify(body));
  }
  const [count] = await db.query<{ n: number }>("SELECT count(*) AS n FROM filters");
  t.equal(count?.n, 2, "refused filters store nothing");
  const noAuth = await hs.request("POST", filterPath(alice.userId), { body: filter });
  t.equal(noAuth.status, 401);
});

await forEachDatabase(t, "/sync with a stored filter, an inline one, and bad ones", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const roomId = await createRoom(hs, alice);
  for (let i = 1; i <= 4; i++) await send(hs, alice, roomId, `m${i}`);
  const created = await hs.request("POST", filterPath(alice.userId), { token: alice.accessToken, body: { room: { timeline: { limit: 2 } } } });
  const stored = await sync(hs, alice, { filter: created.json.filter_id });
  t.same(bodies(stored.rooms?.join?.[roomId]?.timeline?.events), ["m3", "m4"]);
  const inline = await sync(hs, alice, { filter: JSON.stringify({ room: { timeline: { limit: 3, not_types: ["m.room.message"] } } }) });
  t.same(types(inline.rooms?.join?.[roomId]?.timeline?.events), ["m.room.join_rules|", "m.room.history_visibility|", "m.room.guest_access|"]);
  const big = await sync(hs, alice, { filter: JSON.stringify({ room: { timeline: { limit: 100000 } } }) });
  t.equal(big.rooms?.join?.[roomId]?.timeline?.events.length, 10, "6 creation events + 4 messages: the cap is higher than that");
  for (const filter of ["5", "{not json", JSON.stringify({ room: { timeline: { limit: -3 } } }), JSON.stringify({ room: "x" })]) {
    const res = await hs.request("GET", syncPath({ filter }), { token: alice.accessToken });
    t.same([res.status, res.json.errcode], [400, "M_INVALID_PARAM"], `filter=${filter}`);
  }
});
