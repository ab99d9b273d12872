import t from "tap";
import { CommandRouter, parseCommand } from "../../src/index.js";

t.test("parseCommand", async (t) => {
  t.same(parseCommand("!echo hello  there", "!"), { name: "echo", args: ["hello", "there"], argText: "hello  there" });
  t.same(parseCommand("  !ECHO", "!"), { name: "echo", args: [], argText: "" }, "names are case-insensitive");
  t.same(parseCommand('!remind "ward 3" 10m', "!"), { name: "remind", args: ["ward 3", "10m"], argText: '"ward 3" 10m' });
  t.same(parseCommand("!note line one\nline two", "!")?.argText, "line one\nline two");
  t.equal(parseCommand("echo hi", "!"), undefined);
  t.equal(parseCommand("!", "!"), undefined);
  t.same(parseCommand("! echo", "!")?.name, "echo", "spaces after the prefix are allowed");
  t.same(parseCommand("bot: ping", "bot:")?.name, "ping");
});

t.test("the help lists every command with its usage, description and aliases", async (t) => {
  const router = new CommandRouter("!");
  const noop = () => undefined;
  router.add("echo", "Repeats the text", noop, { usage: "<text>" }).add("roll", "Rolls a die", noop, { aliases: ["dice", "d6"] });
  t.equal(router.help(), "Commands:\n!echo <text> — Repeats the text\n!roll — Rolls a die (also !dice, !d6)");
  t.equal(router.help("Ward helper"), "Ward helper\n!echo <text> — Repeats the text\n!roll — Rolls a die (also !dice, !d6)");
  t.equal(router.get("DICE")?.name, "roll");
  t.equal(router.get("nope"), undefined);
});

t.test("bad definitions are refused", async (t) => {
  const router = new CommandRouter();
  router.add("a", "A", () => undefined, { aliases: ["b"] });
  t.throws(() => router.add("b", "B", () => undefined), /defined twice/);
  t.throws(() => router.add("two words", "x", () => undefined), /one word/);
  t.throws(() => new CommandRouter(""), RangeError);
  t.throws(() => new CommandRouter("! "), RangeError);
});
