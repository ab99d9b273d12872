/**
 * A sealed row that was altered, or copied from another row, is detected
 * and not served: the request fails with a generic 500 M_UNKNOWN, the log
 * names the row but never its content, and the wrong plaintext is never
 * returned.
 */
import t from "tap";
import { sodiumReady } from "../../../src/crypto/sodium.js";
import { forEachDatabase, type Tap } from "../../helpers/databases.js";
import { startTestHomeserver, type TestHomeserver, type TestUser } from "../../helpers/homeserver.js";
import { captureLogger } from "../../helpers/http.js";
import { validateError } from "../../helpers/openapi.js";
import { createRoom, send, syncPath } from "../../api/client/sync-fixtures.js";
import { newCanary } from "./canaries.js";

await sodiumReady();

const V3 = "/_matrix/client/v3";
const eventPath = (roomId: string, eventId: string) => `${V3}/rooms/${encodeURIComponent(roomId)}/event/${encodeURIComponent(eventId)}`;
const messagesPath = (roomId: string) => `${V3}/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=10`;
const dataPath = (userId: string, type: string) => `${V3}/user/${encodeURIComponent(userId)}/account_data/${type}`;

async function expectRefused(t: Tap, hs: TestHomeserver, user: TestUser, path: string, secrets: readonly string[]): Promise<void> {
  const res = await hs.request("GET", path, { token: user.accessToken });
  t.same([res.status, res.json], [500, { errcode: "M_UNKNOWN", error: "Internal server error" }], `${path.split("?")[0]} refused`);
  t.same(validateError(res.json), []);
  const text = JSON.stringify(res.json);
  for (const secret of secrets) t.notOk(text.includes(secret), "no content in the answer");
}

await forEachDatabase(t, "a ciphertext moved to another row, or altered, is refused, not served", async (t, db) => {
  const logs = captureLogger("trace");
  const hs = await startTestHomeserver(t, db, { logger: logs.logger });
  const alice = await hs.registerUser("alice");
  const roomId = await createRoom(hs, alice, { name: "Ward 4" });
  const [first, second] = [newCanary(), newCanary()];
  const one = await send(hs, alice, roomId, `first ${first}`);
  const two = await send(hs, alice, roomId, `second ${second}`);
  t.equal((await hs.request("GET", eventPath(roomId, two), { token: alice.accessToken })).json.content.body, `second ${second}`);

  // Swap: event one's ciphertext (valid, same room, same key) put in event two's row.
  const [saved] = await db.query<{ sealed_pdu: Uint8Array }>("SELECT sealed_pdu FROM events WHERE event_id = $1", [two]);
  await db.query("UPDATE events SET sealed_pdu = (SELECT sealed_pdu FROM events WHERE event_id = $1) WHERE event_id = $2", [one, two]);
  await expectRefused(t, hs, alice, eventPath(roomId, two), [first, second]);
  await expectRefused(t, hs, alice, messagesPath(roomId), [first, second]);
  await expectRefused(t, hs, alice, syncPath(), [first, second]);
  t.equal((await hs.request("GET", eventPath(roomId, one), { token: alice.accessToken })).json.content.body, `first ${first}`, "the untouched row still reads");
  await db.query("UPDATE events SET sealed_pdu = $2 WHERE event_id = $1", [two, saved!.sealed_pdu]);
  t.equal((await hs.request("GET", eventPath(roomId, two), { token: alice.accessToken })).status, 200, "put back, it reads again");

  // One flipped bit, in the nonce, the body and the tag.
  for (const at of [3, 40, saved!.sealed_pdu.length - 2]) {
    await db.query("UPDATE events SET sealed_pdu = set_byte(sealed_pdu, $2, get_byte(sealed_pdu, $2) # 1) WHERE event_id = $1", [two, at]);
    await expectRefused(t, hs, alice, eventPath(roomId, two), [second]);
    await db.query("UPDATE events SET sealed_pdu = $2 WHERE event_id = $1", [two, saved!.sealed_pdu]);
  }

  // State: the room name's ciphertext swapped with a message's breaks /state, not just that one event.
  const [name] = await db.query<{ event_id: string }>("SELECT event_id FROM events WHERE room_id = $1 AND type = 'm.room.name'", [roomId]);
  await db.query("UPDATE events SET sealed_pdu = (SELECT sealed_pdu FROM events WHERE event_id = $1) WHERE event_id = $2", [one, name!.event_id]);
  await expectRefused(t, hs, alice, `${V3}/rooms/${encodeURIComponent(roomId)}/state`, [first]);

  // Account data: one type's ciphertext under another type.
  for (const [type, text] of [["org.example.a", first], ["org.example.b", second]] as const) {
    t.equal((await hs.request("PUT", dataPath(alice.userId, type), { token: alice.accessToken, body: { text } })).status, 200);
  }
  await db.query(
    `UPDATE account_data SET sealed_content = (SELECT sealed_content FROM account_data WHERE type = 'org.example.a' AND user_id = $1)
     WHERE type = 'org.example.b' AND user_id = $1`,
    [alice.userId],
  );
  await expectRefused(t, hs, alice, dataPath(alice.userId, "org.example.b"), [first, second]);
  t.same((await hs.request("GET", dataPath(alice.userId, "org.example.a"), { token: alice.accessToken })).json, { text: first });

  const failures = logs.lines().filter((l) => l.msg === "unhandled error");
  t.ok(failures.length >= 5, "each refusal is logged");
  t.match(failures[0], { err: { type: "SealedDataError", message: new RegExp(`event \\${two}: sealed data failed authentication`) } });
  for (const secret of [first, second]) t.notOk(logs.text().includes(secret), "the log holds no content");
});
