/**
 * An echo bot: joins rooms when an allowed user invites it, answers
 * `!echo <text>` with the text and `!help` with its commands.
 *
 *   WARD_URL=http://127.0.0.1:8008 WARD_USER=echobot WARD_PASSWORD='…' \
 *   WARD_ALLOWED_INVITERS=@alice:localhost npx tsx client-sdk/examples/echo-bot.ts
 *
 * Optional: WARD_SYNC_TOKEN_FILE (default ./echo-bot.sync-token), where the
 * bot keeps its place so a restart answers what came in while it was away
 * and nothing twice; WARD_DEVICE_ID (default ECHOBOT), so restarts reuse one
 * device instead of adding one each time.
 */
import { Bot, WardClient } from "../src/index.js";
import { optional, required } from "./env.js";
import { FileSyncStore } from "./file-sync-store.js";

const password = required("WARD_PASSWORD");
const client = await WardClient.login({
  baseUrl: required("WARD_URL"),
  user: required("WARD_USER"),
  password,
  deviceId: optional("WARD_DEVICE_ID", "ECHOBOT"),
  deviceName: "Echo bot",
  store: new FileSyncStore(optional("WARD_SYNC_TOKEN_FILE", "echo-bot.sync-token")),
});
const allowed = required("WARD_ALLOWED_INVITERS").split(",").map((s) => s.trim()).filter((s) => s !== "");

const bot = new Bot(client, { allowedInviters: allowed, helpTitle: "I repeat what you say:" });
bot.command("echo", "Repeats the text", async (ctx) => {
  await ctx.reply(ctx.argText === "" ? "Nothing to repeat." : ctx.argText);
}, { usage: "<text>" });

// Ward ends sessions idle for hours (listening does not count as activity): sign in again as the same device.
client.on("sessionEnded", ({ reason }) => {
  if (reason !== "softLogout") {
    process.stderr.write("echo-bot: the session was ended elsewhere; stopping\n");
    process.exit(1);
  }
  client.resumeSession(password).then(() => bot.start()).catch((error: unknown) => {
    process.stderr.write(`echo-bot: could not sign in again: ${(error as Error).message}\n`);
    process.exit(1);
  });
});
client.on("syncError", ({ error, retryInMs }) => {
  process.stderr.write(`echo-bot: sync failed (${(error as Error).message})${retryInMs === undefined ? ", giving up" : `, retrying in ${retryInMs} ms`}\n`);
  if (retryInMs === undefined) process.exit(1);
});

await bot.start();
process.stdout.write(`echo-bot: ${client.userId} is listening; invite it from ${allowed.join(", ")}\n`);

const shutdown = () => {
  void bot.stop().then(() => process.exit(0));
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
