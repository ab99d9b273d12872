/**
 * matrix-js-sdk's media, as Element uses it: uploadContent (POST
 * /_matrix/media/v3/upload with the file name), an m.image event pointing
 * at it, and the other member's client building the authenticated download
 * and thumbnail URLs (mxcUrlToHttp with useAuthentication, since Ward
 * advertises v1.11) and fetching them with its token.
 */
import t from "tap";
import { MsgType, Preset } from "matrix-js-sdk";
import { forEachDatabase } from "../helpers/databases.js";
import { startWard } from "../conformance/harness.js";
import * as samples from "../services/media/media-samples.js";
import { checkedRequests, loginAndStart, registerWithSdk, until, violations } from "./js-sdk-harness.js";

forEachDatabase(t, "matrix-js-sdk: uploadContent and an authenticated download", async (t, db) => {
  const ward = await startWard(t, db);
  await registerWithSdk(ward, "alice", "alice-password-1");
  await registerWithSdk(ward, "bob", "bob-password-1");
  const alice = await loginAndStart(t, ward, "alice", "alice-password-1");
  const bob = await loginAndStart(t, ward, "bob", "bob-password-1");
  t.ok(await bob.client.isVersionSupported("v1.11"), "the SDK sees authenticated media (v1.11)");

  const { room_id: roomId } = await alice.client.createRoom({ preset: Preset.PrivateChat, invite: [bob.userId] });
  await until("bob sees the invite", () => bob.client.getRoom(roomId));
  await bob.client.joinRoom(roomId);

  const image = await samples.jpeg(1024, 768);
  const { content_uri: uri } = await alice.client.uploadContent(image, { name: "wound photo.jpg", type: "image/jpeg" });
  t.match(uri, /^mxc:\/\/[^/]+\/[A-Za-z0-9_-]{32}$/);
  await alice.client.sendMessage(roomId, { msgtype: MsgType.Image, body: "wound photo.jpg", url: uri, info: { mimetype: "image/jpeg", size: image.length, w: 1024, h: 768 } });

  const event = await until("bob's client receives the image", () =>
    bob.client.getRoom(roomId)?.getLiveTimeline().getEvents().find((e) => e.getContent().msgtype === MsgType.Image),
  );
  const mxc = event.getContent().url as string;
  const downloadUrl = bob.client.mxcUrlToHttp(mxc, undefined, undefined, undefined, false, true, true);
  t.match(downloadUrl, /\/_matrix\/client\/v1\/media\/download\//, "the SDK builds an authenticated URL");
  const auth = { Authorization: `Bearer ${bob.client.getAccessToken()}` };
  const res = await fetch(downloadUrl!, { headers: auth });
  t.equal(res.status, 200);
  t.ok(Buffer.from(await res.arrayBuffer()).equals(image), "bob gets alice's bytes");
  t.equal(res.headers.get("content-type"), "image/jpeg");
  t.match(res.headers.get("content-disposition"), /^inline; filename="wound photo.jpg"/);

  const thumbUrl = bob.client.mxcUrlToHttp(mxc, 800, 600, "scale", false, true, true);
  const thumb = await fetch(thumbUrl!, { headers: auth });
  t.equal(thumb.status, 200, "and its thumbnail");
  t.equal(thumb.headers.get("content-type"), "image/jpeg");
  t.equal((await fetch(downloadUrl!)).status, 401, "never without a token");

  for (const c of [alice.client, bob.client]) c.stopClient();
  t.ok([...checkedRequests.keys()].some((k) => k.startsWith("POST /media/v3/upload 200") || k.includes("/upload 200")), "the upload answer was checked against the spec");
  t.same(violations.splice(0), [], "every response the SDK received conforms to the spec");
  checkedRequests.clear();
});
