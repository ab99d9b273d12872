/**
 * A bot on a real server: it joins when an allowed user invites it and
 * ignores other inviters, answers `!echo` and `!help` as replies, and never
 * answers its own messages.
 */
import t from "tap";
import { Bot, inReplyToOf, type MessageEvent } from "../src/index.js";
import { bodyOf, forEachDatabase, newClient, startServer, waitFor } from "./helpers/ward.js";

t.test("the bot answers commands from rooms allowed inviters bring it into", async (t) => {
  await forEachDatabase(t, "bot", async (t, db) => {
    const ward = await startServer(t, db);
    const alice = await newClient(t, ward, "alice");
    const mallory = await newClient(t, ward, "mallory");
    const botClient = await newClient(t, ward, "echobot");
    const errors: unknown[] = [];
    const bot = new Bot(botClient, { allowedInviters: [alice.userId], onError: (e) => errors.push(e) });
    bot.command("echo", "Repeats the text", (ctx) => ctx.reply(ctx.argText), { usage: "<text>" });
    await bot.start();
    await alice.start();
    await mallory.start();

    // Mallory's invite comes first and is ignored; Alice's is accepted.
    const mallorysInvite = waitFor(botClient, "invite", (e) => e.inviter === mallory.userId);
    const elsewhere = await mallory.createChannel({ name: "Elsewhere", visibility: "private", invite: [botClient.userId] });
    await mallorysInvite;
    const botJoined = waitFor(alice, "membership", (m) => m.userId === botClient.userId && m.membership === "join");
    const room = await alice.createChannel({ name: "Ops", visibility: "private", invite: [botClient.userId] });
    await botJoined;

    const echoed = waitFor(alice, "timeline", (e) => e.event.sender === botClient.userId && bodyOf(e.event) === "hello there");
    const command = await room.sendMessage("!echo hello there").confirmed();
    const answer = (await echoed).event as MessageEvent;
    t.equal(answer.content.msgtype, "m.notice", "bots answer with notices");
    t.equal(inReplyToOf(answer.content), command, "as a reply to the command");
    t.same(answer.content["m.mentions"], { user_ids: [alice.userId] });

    const help = waitFor(alice, "timeline", (e) => e.event.sender === botClient.userId && bodyOf(e.event)?.startsWith("Commands:") === true);
    await room.sendMessage("!help").confirmed();
    t.equal(bodyOf((await help).event), "Commands:\n!help — Lists the commands\n!echo <text> — Repeats the text");

    const unknown = waitFor(alice, "timeline", (e) => e.event.sender === botClient.userId && bodyOf(e.event)?.startsWith("Unknown") === true);
    await room.sendMessage("!frobnicate").confirmed();
    t.equal(bodyOf((await unknown).event), "Unknown command !frobnicate. Try !help.");

    // The bot's own "!echo" is not a command to it; Alice's next one is answered, and only that.
    const botRoom = botClient.room(room.roomId);
    const ownSeen = waitFor(botClient, "timeline", (e) => bodyOf(e.event) === "!echo from myself");
    await botRoom.sendMessage("!echo from myself").confirmed();
    await ownSeen;
    const next = waitFor(alice, "timeline", (e) => e.event.sender === botClient.userId && e.event.type === "m.room.message" && e.event.content.msgtype === "m.notice");
    await room.sendMessage("!echo second").confirmed();
    t.equal(bodyOf((await next).event), "second", "the next answer is to Alice, not to the bot's own message");

    t.equal(botClient.room(elsewhere.roomId).membership, "invite", "Mallory's invite is still pending, never accepted");
    t.same(errors, []);
  });
});
