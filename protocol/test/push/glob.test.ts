import t from "tap";
import { containsWords, globMatches, globMatchesWords } from "../../src/push/glob.js";

t.test("whole-value glob", async (t) => {
  t.ok(globMatches("lunc?*", "Lunch plans"), "spec example");
  t.ok(globMatches("lunc?*", "LUNCH"), "case-insensitive, * matches nothing");
  t.notOk(globMatches("lunc?*", " lunch"), "leading space");
  t.notOk(globMatches("lunc?*", "lunc"), "? needs a character");
  t.ok(globMatches("", ""), "empty pattern matches only the empty string");
  t.notOk(globMatches("", "x"));
  t.ok(globMatches("*", ""));
  t.ok(globMatches("*", "anything\nat all"), "* crosses newlines");
  t.ok(globMatches("a?c", "a\nc"), "? matches a newline");
  t.ok(globMatches("?", "😀"), "? is one code point, not one UTF-16 unit");
  t.notOk(globMatches("??", "😀"));
  t.ok(globMatches("m.room.*", "m.room.member"));
  t.notOk(globMatches("m.room.member", "m.room.membe"), "no prefix match");
  t.notOk(globMatches("m.room", "mxroom"), ". is literal");
  t.ok(globMatches("a+b(c)[d]{e}|^$\\/", "A+B(C)[D]{E}|^$\\/"), "regex syntax is literal");
  t.notOk(globMatches("[ab]", "a"), "brackets are not character classes");
  t.ok(globMatches("a***b", "a-b"), "runs of stars collapse");
  t.ok(globMatches("ΣΑΣ", "σας"), "Unicode case folding");
});

t.test("word-bounded glob", async (t) => {
  t.ok(globMatchesWords("ex*ple", "An example event."), "spec example");
  t.ok(globMatchesWords("ex*ple", "exple"), "at both ends of the value");
  t.ok(globMatchesWords("ex*ple", "An exciting triple-whammy"), "spans words, - separates");
  t.notOk(globMatchesWords("ex*ple", "examples"), "must end at a boundary");
  t.notOk(globMatchesWords("ample", "example"), "must start at a boundary");
  t.ok(globMatchesWords("alice", "hi ALICE!"));
  t.notOk(globMatchesWords("alice", "malice"));
  t.notOk(globMatchesWords("alice", "alice_b"), "underscore is a word character");
  t.notOk(globMatchesWords("alice", "alice2"), "digits are word characters");
  t.ok(globMatchesWords("alice", "alice's"), "apostrophe is a boundary");
  t.ok(globMatchesWords("alice", "éalice"), "non-ASCII letters are boundaries per the spec's ASCII sets");
  t.notOk(globMatchesWords("alice", "\u212Aalice"), "documented quirk: Kelvin sign folds to k, a word character");
  t.ok(globMatchesWords("@room", "hey @room!"));
  t.notOk(globMatchesWords("@room", "hey@room"), "preceded by a word character");
  t.notOk(globMatchesWords("@room", "@roomy"));
  t.ok(globMatchesWords("c?t", "a cat sat"));
  t.notOk(globMatchesWords("c?t", "a coat"));
});

t.test("containsWords takes the needle literally", async (t) => {
  t.ok(containsWords("Alice Liddell", "hello alice liddell, how are you"));
  t.notOk(containsWords("Alice", "Aliceson"));
  t.ok(containsWords("a*b", "x a*b y"));
  t.notOk(containsWords("a*b", "x aXXb y"), "* is not a wildcard here");
  t.notOk(containsWords("a?", "ab"), "? is not a wildcard here");
  t.ok(containsWords("Dr. Who", "Ask Dr. Who."));
  t.notOk(containsWords("", "anything"), "an empty name never matches");
});
