import t from "tap";
import { composeMessage, escapeHtml, html, mention, roomMention, userPermalink } from "../../src/index.js";

t.test("plain text stays plain, and says it mentions nobody", async (t) => {
  t.same(composeMessage("Lunch is here"), { msgtype: "m.text", body: "Lunch is here", "m.mentions": {} });
  t.same(composeMessage("Back at 3", "m.notice"), { msgtype: "m.notice", body: "Back at 3", "m.mentions": {} });
  t.same(composeMessage(["a", "b"]), { msgtype: "m.text", body: "ab", "m.mentions": {} }, "text parts alone need no HTML");
});

t.test("a mention becomes a pill and fills m.mentions", async (t) => {
  const content = composeMessage(["Hi ", mention("@bob:ward.example", "Bob"), ", see ", mention("@carol:ward.example"), " and ", mention("@bob:ward.example", "Bob")]);
  t.same(content, {
    msgtype: "m.text",
    body: "Hi Bob, see @carol:ward.example and Bob",
    format: "org.matrix.custom.html",
    formatted_body:
      'Hi <a href="https://matrix.to/#/@bob:ward.example">Bob</a>, see <a href="https://matrix.to/#/@carol:ward.example">@carol:ward.example</a> and <a href="https://matrix.to/#/@bob:ward.example">Bob</a>',
    "m.mentions": { user_ids: ["@bob:ward.example", "@carol:ward.example"] },
  });
});

t.test("typed text is never markup", async (t) => {
  const content = composeMessage(["<b>x</b> & \"y\"\nnext ", mention("@o'neil:ward.example", "O'Neil <admin>")]);
  t.equal(content.body, "<b>x</b> & \"y\"\nnext O'Neil <admin>");
  t.equal(
    content.formatted_body,
    '&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;<br>next <a href="https://matrix.to/#/@o&#39;neil:ward.example">O&#39;Neil &lt;admin&gt;</a>',
  );
  t.equal(escapeHtml(`<>&"'`), "&lt;&gt;&amp;&quot;&#39;");
});

t.test("@room and trusted HTML", async (t) => {
  const content = composeMessage([roomMention, " ", html("<b>fire drill</b>", "fire drill")]);
  t.same(content, { msgtype: "m.text", body: "@room fire drill", format: "org.matrix.custom.html", formatted_body: "@room <b>fire drill</b>", "m.mentions": { room: true } });
});

t.test("permalinks keep @ and : readable and escape the rest", async (t) => {
  t.equal(userPermalink("@a.b_c=d/e:ward.example:8448"), "https://matrix.to/#/@a.b_c%3Dd%2Fe:ward.example:8448");
});
