import t from "tap";
import { composeMessage, editContent, editOf, inReplyToOf, mention, reactionContent, replyContent, type TextMessageContent } from "../../src/index.js";

const original = { event_id: "$orig", sender: "@alice:w", content: composeMessage(["ask ", mention("@bob:w", "Bob")]) };

t.test("a reply points at the event and mentions its sender", async (t) => {
  const reply = replyContent(composeMessage("on it"), original);
  t.same(reply, { msgtype: "m.text", body: "on it", "m.mentions": { user_ids: ["@alice:w"] }, "m.relates_to": { "m.in_reply_to": { event_id: "$orig" } } });
  t.equal(inReplyToOf(reply), "$orig");
  t.equal(inReplyToOf(composeMessage("plain")), undefined);

  const withOwnMention = replyContent(composeMessage([mention("@carol:w", "Carol"), " too"]), original);
  t.same(withOwnMention["m.mentions"], { user_ids: ["@carol:w", "@alice:w"] }, "keeps the reply's own mentions");
  t.same(replyContent(composeMessage([mention("@alice:w", "A")]), original)["m.mentions"], { user_ids: ["@alice:w"] }, "no duplicate");
});

t.test("an edit carries the whole new content and notifies only new mentions", async (t) => {
  const replacement = composeMessage(["ask ", mention("@bob:w", "Bob"), " and ", mention("@carol:w", "Carol")]);
  const edit = editContent(original, replacement);
  t.same(edit, {
    msgtype: "m.text",
    body: "* ask Bob and Carol",
    format: "org.matrix.custom.html",
    formatted_body: `* ${replacement.formatted_body}`,
    "m.new_content": replacement,
    "m.mentions": { user_ids: ["@carol:w"] },
    "m.relates_to": { rel_type: "m.replace", event_id: "$orig" },
  });
  t.same(editOf(edit), { replaces: "$orig", newContent: replacement });
  t.equal(editOf(original.content), undefined);
});

t.test("editing an edit replaces the original event; relations of the new content are dropped", async (t) => {
  const first = editContent(original, composeMessage("ask Bob"));
  const withRelation: TextMessageContent = { ...composeMessage("third"), "m.relates_to": { "m.in_reply_to": { event_id: "$x" } } };
  const second = editContent({ event_id: "$edit1", sender: "@alice:w", content: first }, withRelation);
  t.same(second["m.relates_to"], { rel_type: "m.replace", event_id: "$orig" });
  t.same(second["m.new_content"], { msgtype: "m.text", body: "third", "m.mentions": {} });
  t.same(second["m.mentions"], {});
});

t.test("a reaction", async (t) => {
  t.same(reactionContent("$e", "👍"), { "m.relates_to": { rel_type: "m.annotation", event_id: "$e", key: "👍" } });
});
