import t from "tap";
import { filenameFromDisposition } from "../../src/index.js";
import { readMedia } from "../../src/media/download.js";

t.test("the file name comes from Content-Disposition", async (t) => {
  t.equal(filenameFromDisposition('attachment; filename="scan.pdf"'), "scan.pdf");
  t.equal(filenameFromDisposition("inline; filename=photo.jpg"), "photo.jpg");
  t.equal(filenameFromDisposition(`attachment; filename="Befund.pdf"; filename*=UTF-8''Befund%20M%C3%BCller.pdf`), "Befund Müller.pdf", "filename* wins");
  t.equal(filenameFromDisposition(`attachment; filename*=utf-8''%E2%9C%93.txt`), "✓.txt");
  t.equal(filenameFromDisposition(`attachment; filename*=UTF-8''%E2%9C.txt; filename="fallback.txt"`), "fallback.txt", "a broken encoding falls back");
  t.equal(filenameFromDisposition('attachment; filename="a \\"quoted\\" name"'), 'a "quoted" name');
  t.equal(filenameFromDisposition("attachment"), undefined);
  t.equal(filenameFromDisposition(null), undefined);
});

const answer = () =>
  new Response(new Uint8Array([1, 2, 3]), { headers: { "content-type": "image/png", "content-length": "3", "content-disposition": 'inline; filename="x.png"' } });

t.test("an answer is read as bytes, a Blob or a stream", async (t) => {
  const bytes = await readMedia(answer(), "bytes");
  t.same(bytes, { data: new Uint8Array([1, 2, 3]), contentType: "image/png", size: 3, filename: "x.png" });
  const blob = await readMedia(answer(), "blob");
  t.type(blob.data, Blob);
  t.equal(blob.data.type, "image/png");
  t.same(new Uint8Array(await blob.data.arrayBuffer()), new Uint8Array([1, 2, 3]));
  const stream = await readMedia(answer(), "stream");
  t.same(new Uint8Array(await new Response(stream.data).arrayBuffer()), new Uint8Array([1, 2, 3]));
  t.equal((await readMedia(new Response(null, { status: 200 }), "stream")).size, undefined);
});
