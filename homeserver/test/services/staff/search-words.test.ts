import t from "tap";
import { MAX_SEARCH_WORDS, searchWordsOf } from "../../../src/services/staff/search-words.js";

t.test("a search term as words", async (t) => {
  const words = (term: string) => searchWordsOf(term, "clinic.example");
  t.strictSame(words(""), []);
  t.strictSame(words("   "), []);
  t.strictSame(words("Rob  Smith"), ["Rob", "Smith"]);
  t.strictSame(words("@janedoe"), ["janedoe"], "a mention-style user name");
  t.strictSame(words("@janedoe:clinic.example"), ["janedoe"], "a user ID of this server");
  t.strictSame(words("@janedoe:other.example"), ["@janedoe:other.example"], "another server's user ID stays whole");
  t.strictSame(words("@"), [], "a lone @ is no word");
  t.strictSame(words("ann ann Ann"), ["ann", "Ann"], "repeats dropped");
  t.equal(words("a b c d e f g h i j k").length, MAX_SEARCH_WORDS);
});
