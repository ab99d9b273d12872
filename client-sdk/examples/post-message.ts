/**
 * Posts one message to a channel, by alias or room ID, and prints its event ID.
 *
 *   WARD_URL=http://127.0.0.1:8008 WARD_USER=alice WARD_PASSWORD='…' \
 *   npx tsx client-sdk/examples/post-message.ts '#general:localhost' 'The printer on 2 is fixed'
 *
 * It joins the channel first if the user is not in it yet (public channels),
 * and logs out at the end, so no session is left behind.
 */
import { WardApiError, WardClient } from "../src/index.js";
import { required } from "./env.js";

const [target, ...words] = process.argv.slice(2);
if (!target || words.length === 0) {
  process.stderr.write("usage: post-message.ts <#alias:server | !roomId:server> <message…>\n");
  process.exit(2);
}

const client = await WardClient.login({ baseUrl: required("WARD_URL"), user: required("WARD_USER"), password: required("WARD_PASSWORD"), deviceName: "post-message" });
try {
  const room = await client.joinRoom(target);
  const eventId = await room.sendMessage(words.join(" ")).confirmed();
  process.stdout.write(`${eventId}\n`);
} catch (error) {
  const why = error instanceof WardApiError ? `${error.errcode} (${error.status}): ${error.message}` : String(error);
  process.stderr.write(`post-message: ${why}\n`);
  process.exitCode = 1;
} finally {
  await client.logout();
}
