/**
 * Canaries for the encryption-at-rest proofs: one unique random string put
 * through every way event and account data content enters Ward (a message,
 * a room name and topic, custom state, an invite reason, a redaction reason,
 * global and room account data), then read back by the members over the
 * API, so a test can show it is served and yet stored nowhere in the clear.
 */
import { randomBytes } from "node:crypto";
import type { Tap } from "../../helpers/databases.js";
import type { TestHomeserver, TestUser } from "../../helpers/homeserver.js";
import { validateResponse } from "../../helpers/openapi.js";
import { createRoom, expectOk, membership, send, setState, sync } from "../../api/client/sync-fixtures.js";
import { allowChannelRedaction } from "../messenger/channel-redaction-helper.js";

export const newCanary = () => `canary${randomBytes(12).toString("hex")}`;

const V3 = "/_matrix/client/v3";
const accountDataPath = (userId: string, type: string, roomId?: string) =>
  `${V3}/user/${encodeURIComponent(userId)}${roomId ? `/rooms/${encodeURIComponent(roomId)}` : ""}/account_data/${encodeURIComponent(type)}`;

export type Planted = { roomId: string; messageId: string };

export async function plantCanaries(hs: TestHomeserver, alice: TestUser, bob: TestUser, canary: string): Promise<Planted> {
  const roomId = await createRoom(hs, alice, { name: `Ward 4 ${canary}`, topic: `Night shift ${canary}` });
  const invitePath = `${V3}/rooms/${encodeURIComponent(roomId)}/invite`;
  await expectOk("invite", await hs.request("POST", invitePath, { token: alice.accessToken, body: { user_id: bob.userId, reason: `reason ${canary}` } }));
  await membership(hs, bob, roomId, "join");
  const messageId = await send(hs, alice, roomId, `Patient ${canary} moved to bed 12`);
  const mistake = await send(hs, alice, roomId, "sent to the wrong room");
  await allowChannelRedaction(hs.context.db); // deleting messages in channels is off unless the org allows it
  const redactPath = `${V3}/rooms/${encodeURIComponent(roomId)}/redact/${encodeURIComponent(mistake)}/r1`;
  await expectOk("redact", await hs.request("PUT", redactPath, { token: alice.accessToken, body: { reason: `redacted ${canary}` } }));
  await setState(hs, alice, roomId, "org.example.handover", { note: `handover ${canary}` });
  await expectOk("account data", await hs.request("PUT", accountDataPath(alice.userId, "org.example.notes"), { token: alice.accessToken, body: { text: `note ${canary}` } }));
  await expectOk("room account data", await hs.request("PUT", accountDataPath(alice.userId, "org.example.room", roomId), { token: alice.accessToken, body: { text: `room ${canary}` } }));
  return { roomId, messageId };
}

/** The members still get every canary back: encryption at rest is invisible to them. */
export async function expectCanariesServed(t: Tap, hs: TestHomeserver, alice: TestUser, bob: TestUser, canary: string, planted: Planted): Promise<void> {
  const bobSync = await sync(hs, bob, { filter: JSON.stringify({ room: { timeline: { limit: 50 } } }) });
  t.same(validateResponse("GET", "/sync", 200, bobSync), []);
  const room = bobSync.rooms?.join?.[planted.roomId];
  const events = [...(room?.state?.events ?? []), ...(room?.timeline?.events ?? [])];
  const content = (type: string) => events.filter((e) => e.type === type).map((e) => e.content);
  t.match(content("m.room.name"), [{ name: `Ward 4 ${canary}` }], "room name");
  t.match(content("m.room.topic"), [{ topic: `Night shift ${canary}` }], "topic");
  t.match(content("org.example.handover"), [{ note: `handover ${canary}` }], "custom state");
  t.ok(content("m.room.message").some((c) => c.body === `Patient ${canary} moved to bed 12`), "message");
  t.ok(content("m.room.redaction").some((c) => c.reason === `redacted ${canary}`), "redaction reason");
  t.ok(content("m.room.member").some((c) => c.reason === `reason ${canary}`), "invite reason");

  const event = await hs.request("GET", `${V3}/rooms/${encodeURIComponent(planted.roomId)}/event/${encodeURIComponent(planted.messageId)}`, { token: bob.accessToken });
  t.equal(event.json?.content?.body, `Patient ${canary} moved to bed 12`, "single event fetch");
  const global = await hs.request("GET", accountDataPath(alice.userId, "org.example.notes"), { token: alice.accessToken });
  t.same(global.json, { text: `note ${canary}` }, "global account data");
  const perRoom = await hs.request("GET", accountDataPath(alice.userId, "org.example.room", planted.roomId), { token: alice.accessToken });
  t.same(perRoom.json, { text: `room ${canary}` }, "room account data");
  const aliceSync = await sync(hs, alice);
  t.ok(aliceSync.account_data?.events?.some((e) => e.type === "org.example.notes" && e.content.text === `note ${canary}`), "account data in /sync");
}

/** Every spelling of the canary a byte scan should look for: UTF-8 and, for bytea rendered by pg_dump, hex. */
export function canaryNeedles(canary: string): Buffer[] {
  return [Buffer.from(canary), Buffer.from(Buffer.from(canary).toString("hex"))];
}
