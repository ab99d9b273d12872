/**
 * GET /notifications: the events that notified the user, newest first, with
 * only=highlight, limit/from paging, read flags and actions.
 */
import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { validateError, validateResponse } from "../../helpers/openapi.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";
import { createRoom, expectOk, invite, membership, send } from "./sync-fixtures.js";

const NOTIFICATIONS = "/_matrix/client/v3/notifications";

type Notification = { actions: unknown[]; event: { event_id: string; room_id?: string; content: { body?: string } }; read: boolean; room_id: string; ts: number };
type Page = { notifications: Notification[]; next_token?: string };

await forEachDatabase(t, "GET /notifications", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const roomId = await createRoom(hs, alice);
  await invite(hs, alice, roomId, bob.userId);
  await membership(hs, bob, roomId, "join");
  const get = async (query = "") => {
    const res = await hs.request<Page>("GET", NOTIFICATIONS + query, { token: bob.accessToken });
    t.equal(res.status, 200, `GET ${query}`);
    t.strictSame(validateResponse("GET", NOTIFICATIONS, 200, res.json), [], `schema ${query}`);
    return res.json;
  };

  // The invite notified bob (.m.rule.invite_for_me).
  const invited = await get();
  t.strictSame(invited.notifications.map((n) => n.event.content && (n.event as unknown as { type: string }).type), ["m.room.member"]);
  const inviteId = invited.notifications[0]!.event.event_id;
  const first = await send(hs, alice, roomId, "one");
  await send(hs, bob, roomId, "bob reads up to here");
  const second = await send(hs, alice, roomId, "two");

  // A user rule that highlights: the next event shows up under only=highlight.
  await expectOk("rule", await hs.request("PUT", "/_matrix/client/v3/pushrules/global/content/urgent", {
    token: bob.accessToken,
    body: { pattern: "urgent", actions: ["notify", { set_tweak: "highlight" }] },
  }));
  const third = await send(hs, alice, roomId, "urgent three");

  const all = await get();
  t.strictSame(all.notifications.map((n) => n.event.event_id), [third, second, first, inviteId], "newest first, own events excluded");
  t.notOk("next_token" in all, "no more pages");
  const [n3, n2, n1] = all.notifications as [Notification, Notification, Notification, Notification];
  t.same([n1.read, n2.read, n3.read], [true, false, false], "read up to bob's own message");
  t.equal(n3.room_id, roomId);
  t.equal(n3.event.room_id, roomId);
  t.type(n3.ts, "number");
  t.ok(n3.actions.some((a) => typeof a === "object" && (a as { set_tweak?: string }).set_tweak === "highlight"));
  t.notOk(n2.actions.some((a) => typeof a === "object"), "no highlight tweak");
  t.notOk("profile_tag" in n3);

  const highlights = await get("?only=highlight");
  t.strictSame(highlights.notifications.map((n) => n.event.event_id), [third]);

  // Paging.
  const page1 = await get("?limit=3");
  t.strictSame(page1.notifications.map((n) => n.event.event_id), [third, second, first]);
  t.type(page1.next_token, "string");
  const page2 = await get(`?limit=3&from=${encodeURIComponent(page1.next_token!)}`);
  t.strictSame(page2.notifications.map((n) => n.event.event_id), [inviteId]);
  t.notOk("next_token" in page2);

  // Another user's notifications are their own.
  const mine = await hs.request<Page>("GET", NOTIFICATIONS, { token: alice.accessToken });
  const alicesIds = mine.json.notifications.map((n) => n.event.event_id);
  t.equal(alicesIds.length, 2, "alice's: bob's join (Ward's default rules notify membership changes) and bob's one message");
  t.notOk([first, second, third, inviteId].some((id) => alicesIds.includes(id)), "none of bob's");

  for (const [what, query] of [["bad from", "?from=abc"], ["negative from", "?from=-1"]] as const) {
    const res = await hs.request("GET", NOTIFICATIONS + query, { token: bob.accessToken });
    t.same([res.status, res.json.errcode], [400, "M_INVALID_PARAM"], what);
    t.strictSame(validateError(res.json), []);
  }
  const badLimit = await hs.request("GET", `${NOTIFICATIONS}?limit=x`, { token: bob.accessToken });
  t.equal(badLimit.status, 400);
  t.strictSame(validateError(badLimit.json), []);
  const anon = await hs.request("GET", NOTIFICATIONS);
  t.same([anon.status, anon.json.errcode], [401, "M_MISSING_TOKEN"]);
});

await forEachDatabase(t, "GET /notifications lists an event seen while joined", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const roomId = await createRoom(hs, alice);
  await invite(hs, alice, roomId, bob.userId);
  await membership(hs, bob, roomId, "join");
  const seen = await send(hs, alice, roomId, "while bob is in");
  const res = await hs.request<Page>("GET", NOTIFICATIONS, { token: bob.accessToken });
  t.strictSame(res.json.notifications.map((n) => n.event.event_id)[0], seen);
});
