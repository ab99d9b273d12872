/**
 * Who may download a file: its uploader, whoever can see an event that
 * refers to it (history visibility decides, for members, former members and
 * later joiners), and nobody else — who gets exactly the 404 of a file that
 * does not exist.
 */
import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver, type TestUser } from "../../helpers/homeserver.js";
import * as samples from "../../services/media/media-samples.js";
import { download, downloadPath, get, uploaded } from "./media-helpers.js";
import { createRoom, invite, membership, send } from "./sync-fixtures.js";

forEachDatabase(t, "uploader, member, former member, later joiner, stranger", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const [alice, bob, carol, dave] = [await hs.registerUser("alice"), await hs.registerUser("bob"), await hs.registerUser("carol"), await hs.registerUser("dave")];
  const status = async (user: TestUser, mediaId: string) => (await download(hs, user, mediaId)).status;

  const roomId = await createRoom(hs, alice, { preset: "private_chat" });
  await invite(hs, alice, roomId, bob.userId);
  await membership(hs, bob, roomId, "join");

  const scan = await uploaded(hs, alice, samples.pdf(), { filename: "scan.pdf" });
  const preview = await uploaded(hs, alice, await samples.png(), { filename: "preview.png" });
  t.equal(await status(alice, scan.mediaId), 200, "the uploader, before any event");
  t.equal(await status(bob, scan.mediaId), 404, "a room member, before the file is sent there");
  await send(hs, alice, roomId, { msgtype: "m.file", body: "scan.pdf", url: scan.uri, info: { mimetype: "application/pdf", thumbnail_url: preview.uri } });

  t.equal(await status(bob, scan.mediaId), 200, "a member who sees the event");
  t.equal(await status(bob, preview.mediaId), 200, "its thumbnail_url too");
  t.equal((await get(hs, `/_matrix/client/v1/media/thumbnail/${hs.config.serverName}/${preview.mediaId}?width=32&height=32&method=crop`, bob.accessToken)).status, 200, "and thumbnails of it");

  const missing = await download(hs, carol, "A".repeat(32));
  const denied = await download(hs, carol, scan.mediaId);
  t.equal(denied.status, 404, "a stranger");
  t.same(denied.json, missing.json, "the same body as a file that does not exist");
  t.same(denied.json, { errcode: "M_NOT_FOUND", error: "Media not found" });
  t.same([...denied.headers.keys()].sort(), [...missing.headers.keys()].sort(), "and the same headers");

  // Bob leaves; what was sent while he was there stays his to see, what came after does not.
  await membership(hs, bob, roomId, "leave");
  const later = await uploaded(hs, alice, samples.text(), { filename: "later.txt" });
  await send(hs, alice, roomId, { msgtype: "m.file", body: "later.txt", url: later.uri });
  t.equal(await status(bob, scan.mediaId), 200, "a former member: sent while he was in the room");
  t.equal(await status(bob, later.mediaId), 404, "a former member: sent after he left");

  // Dave joins later: shared history (the default) shows him everything since the room began.
  await invite(hs, alice, roomId, dave.userId);
  t.equal(await status(dave, scan.mediaId), 404, "only invited: not yet");
  await membership(hs, dave, roomId, "join");
  t.equal(await status(dave, scan.mediaId), 200, "joined later, history shared");

  // In a room whose history is for joined members only, a later joiner sees only what came after.
  const joinedOnly = await createRoom(hs, alice, { preset: "private_chat", initial_state: [{ type: "m.room.history_visibility", state_key: "", content: { history_visibility: "joined" } }] });
  const before = await uploaded(hs, alice, samples.csv(), { filename: "before.csv" });
  await send(hs, alice, joinedOnly, { msgtype: "m.file", body: "before.csv", url: before.uri });
  await invite(hs, alice, joinedOnly, carol.userId);
  await membership(hs, carol, joinedOnly, "join");
  const after = await uploaded(hs, alice, samples.csv(), { filename: "after.csv" });
  await send(hs, alice, joinedOnly, { msgtype: "m.file", body: "after.csv", url: after.uri });
  t.equal(await status(carol, before.mediaId), 404, "history 'joined': not what came before");
  t.equal(await status(carol, after.mediaId), 200, "history 'joined': what came after");

  // Every refusal is in the audit trail, as a denied download.
  const audit = await db.query<{ actor: string; outcome: string; errcode: string | null }>(
    "SELECT actor, outcome, errcode FROM audit_log WHERE action = 'media_download' AND event_id = $1 AND outcome = 'denied'",
    [scan.uri],
  );
  t.same(audit.map((r) => r.actor), [bob.userId, carol.userId, dave.userId], "bob before it was sent, carol, dave while only invited");
  t.ok(audit.every((r) => r.outcome === "denied" && r.errcode === "M_NOT_FOUND"));
});

forEachDatabase(t, "a reference counts only from someone who may see the file; forwarding does", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const [alice, bob, mallory, eve] = [await hs.registerUser("alice"), await hs.registerUser("bob"), await hs.registerUser("mallory"), await hs.registerUser("eve")];
  const secret = await uploaded(hs, alice, samples.pdf(), { filename: "chart.pdf" });

  // Mallory learnt the mxc URI somehow and posts it to a room with Eve: that grants nothing.
  const leak = await createRoom(hs, mallory, { preset: "private_chat" });
  await invite(hs, mallory, leak, eve.userId);
  await membership(hs, eve, leak, "join");
  await send(hs, mallory, leak, { msgtype: "m.file", body: "x", url: secret.uri });
  t.equal((await download(hs, eve, secret.mediaId)).status, 404, "a reference from someone who cannot see the file");
  t.equal((await download(hs, mallory, secret.mediaId)).status, 404, "nor for its sender");

  // Alice shares it with Bob; Bob forwards it to Eve: Bob could see it, so Eve may.
  const shared = await createRoom(hs, alice, { preset: "private_chat" });
  await invite(hs, alice, shared, bob.userId);
  await membership(hs, bob, shared, "join");
  await send(hs, alice, shared, { msgtype: "m.file", body: "chart.pdf", url: secret.uri });
  const forward = await createRoom(hs, bob, { preset: "private_chat" });
  await invite(hs, bob, forward, eve.userId);
  await membership(hs, eve, forward, "join");
  await send(hs, bob, forward, { msgtype: "m.file", body: "chart.pdf", url: secret.uri });
  t.equal((await download(hs, eve, secret.mediaId)).status, 200, "forwarded by someone who could see it");
  t.equal((await download(hs, mallory, secret.mediaId)).status, 404, "still nothing for Mallory");

  // Edits carry their new file in m.new_content.
  const fixed = await uploaded(hs, alice, samples.pdf(), { filename: "chart-v2.pdf" });
  const original = await send(hs, alice, shared, { msgtype: "m.text", body: "see chart" });
  await send(hs, alice, shared, {
    msgtype: "m.file", body: "* chart-v2.pdf", url: fixed.uri,
    "m.new_content": { msgtype: "m.file", body: "chart-v2.pdf", url: fixed.uri },
    "m.relates_to": { rel_type: "m.replace", event_id: original },
  });
  t.equal((await download(hs, bob, fixed.mediaId)).status, 200, "a file in an edit");
});

forEachDatabase(t, "avatars: a room avatar for its members, a profile avatar for every user", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const [alice, bob, carol] = [await hs.registerUser("alice"), await hs.registerUser("bob"), await hs.registerUser("carol")];
  const roomAvatar = await uploaded(hs, alice, await samples.png(), { filename: "ward.png" });
  const roomId = await createRoom(hs, alice, { preset: "private_chat", initial_state: [{ type: "m.room.avatar", state_key: "", content: { url: roomAvatar.uri } }] });
  await invite(hs, alice, roomId, bob.userId);
  await membership(hs, bob, roomId, "join");
  t.equal((await download(hs, bob, roomAvatar.mediaId)).status, 200, "room avatar: a member");
  t.equal((await download(hs, carol, roomAvatar.mediaId)).status, 404, "room avatar: not a stranger");

  const face = await uploaded(hs, bob, await samples.jpeg(), { filename: "bob.jpg" });
  t.equal((await download(hs, carol, face.mediaId)).status, 404, "an upload that is nobody's avatar yet");
  const set = await hs.request("PUT", `/_matrix/client/v3/profile/${encodeURIComponent(bob.userId)}/avatar_url`, { token: bob.accessToken, body: { avatar_url: face.uri } });
  t.equal(set.status, 200);
  t.equal((await download(hs, carol, face.mediaId)).status, 200, "a profile avatar: any signed-in user");
  t.equal((await get(hs, `/_matrix/client/v1/media/thumbnail/${hs.config.serverName}/${face.mediaId}?width=32&height=32&method=crop`, carol.accessToken)).status, 200);

  // Carol takes Alice's room avatar as her own profile picture: that does not publish it.
  await hs.request("PUT", `/_matrix/client/v3/profile/${encodeURIComponent(carol.userId)}/avatar_url`, { token: carol.accessToken, body: { avatar_url: roomAvatar.uri } });
  const dave = await hs.registerUser("dave");
  t.equal((await get(hs, downloadPath(hs, roomAvatar.mediaId), dave.accessToken)).status, 404, "someone else's file as one's avatar stays private");
});
