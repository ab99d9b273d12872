import t from "tap";
import { contentDisposition, isInlineType, parseRange, servedContentType } from "../../../src/services/media/serving.js";

t.test("inline only for safe image, video and audio types", async (t) => {
  for (const type of ["image/png", "image/jpeg", "video/mp4", "video/webm", "audio/mpeg", "audio/ogg", "audio/wav"]) t.ok(isInlineType(type), type);
  for (const type of ["image/svg+xml", "text/html", "application/pdf", "text/plain", "text/csv", "application/octet-stream"]) t.notOk(isInlineType(type), type);
  t.equal(contentDisposition("image/png", null), "inline");
  t.equal(contentDisposition("image/svg+xml", "logo.svg"), `attachment; filename="logo.svg"; filename*=UTF-8''logo.svg`);
});

t.test("file names per RFC 6266: ASCII fallback and exact UTF-8", async (t) => {
  t.equal(contentDisposition("application/pdf", "Lab results (final).pdf"), `attachment; filename="Lab results (final).pdf"; filename*=UTF-8''Lab%20results%20%28final%29.pdf`);
  t.equal(contentDisposition("image/jpeg", "Zoë's scan.jpg"), `inline; filename="Zo_'s scan.jpg"; filename*=UTF-8''Zo%C3%AB%27s%20scan.jpg`);
  t.equal(contentDisposition("text/plain", 'a"b\\c%d.txt'), `attachment; filename="a_b_c_d.txt"; filename*=UTF-8''a%22b_c%25d.txt`);
  t.equal(contentDisposition("text/plain", "evil\r\nSet-Cookie: x\u0000.txt"), `attachment; filename="evilSet-Cookie: x.txt"; filename*=UTF-8''evilSet-Cookie%3A%20x.txt`, "no CR, LF or NUL reaches the header");
  t.equal(contentDisposition("text/plain", "../../etc/passwd"), `attachment; filename=".._.._etc_passwd"; filename*=UTF-8''.._.._etc_passwd`, "no path separators");
  t.equal(contentDisposition("text/plain", "\u0000\u0001"), "attachment", "nothing usable left: no name");
  t.equal(contentDisposition("text/plain", "x".repeat(300)).length, `attachment; filename=""; filename*=UTF-8''`.length + 2 * 255, "capped at 255 characters");
});

t.test("text is served as UTF-8", async (t) => {
  t.equal(servedContentType("text/csv"), "text/csv; charset=utf-8");
  t.equal(servedContentType("image/png"), "image/png");
});

t.test("ranges: one range, open, suffix; several or malformed ones mean the whole file", async (t) => {
  t.same(parseRange("bytes=0-99", 1000), { start: 0, end: 99 });
  t.same(parseRange("bytes=900-", 1000), { start: 900, end: 999 });
  t.same(parseRange("bytes=-100", 1000), { start: 900, end: 999 });
  t.same(parseRange("bytes=-5000", 1000), { start: 0, end: 999 }, "a suffix longer than the file is the file");
  t.same(parseRange("bytes=990-5000", 1000), { start: 990, end: 999 }, "an end past the file is cut");
  t.equal(parseRange("bytes=1000-", 1000), "unsatisfiable");
  t.equal(parseRange("bytes=-0", 1000), "unsatisfiable");
  t.equal(parseRange(undefined, 1000), undefined);
  t.equal(parseRange("bytes=0-1,5-6", 1000), undefined);
  t.equal(parseRange("items=0-1", 1000), undefined);
  t.equal(parseRange("bytes=5-1", 1000), undefined);
  t.equal(parseRange("bytes=-", 1000), undefined);
});
