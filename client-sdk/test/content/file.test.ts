import t from "tap";
import { fileMessageContent, msgtypeFor, type UploadedMedia } from "../../src/index.js";

const scan: UploadedMedia = { contentUri: "mxc://ward.example/abc", mimetype: "application/pdf", size: 2048, filename: "scan.pdf" };

t.test("the msgtype follows the type", async (t) => {
  t.equal(msgtypeFor("image/png"), "m.image");
  t.equal(msgtypeFor("video/mp4"), "m.video");
  t.equal(msgtypeFor("audio/ogg; codecs=opus"), "m.audio");
  t.equal(msgtypeFor("application/pdf"), "m.file");
  t.equal(msgtypeFor("text/csv"), "m.file");
});

t.test("a file message names the file, its size and type", async (t) => {
  t.same(fileMessageContent(scan), {
    msgtype: "m.file",
    body: "scan.pdf",
    filename: "scan.pdf",
    url: "mxc://ward.example/abc",
    info: { mimetype: "application/pdf", size: 2048 },
    "m.mentions": {},
  });
  t.equal(fileMessageContent(scan, { caption: "Lab results" }).body, "Lab results", "a caption goes in body, the name stays in filename");
  t.equal(fileMessageContent({ ...scan, filename: undefined }).body, "file");
  t.notOk("filename" in fileMessageContent({ ...scan, filename: undefined }));
});

t.test("width, height and duration go in where they mean something", async (t) => {
  const photo = { ...scan, mimetype: "image/jpeg", filename: "wound.jpg" };
  t.same(fileMessageContent(photo, { width: 640, height: 480, durationMs: 5 }).info, { mimetype: "image/jpeg", size: 2048, w: 640, h: 480 });
  t.same(fileMessageContent({ ...scan, mimetype: "video/mp4" }, { width: 1280, height: 720, durationMs: 9000 }).info, { mimetype: "video/mp4", size: 2048, w: 1280, h: 720, duration: 9000 });
  t.same(fileMessageContent({ ...scan, mimetype: "audio/mpeg" }, { width: 10, durationMs: 3000 }).info, { mimetype: "audio/mpeg", size: 2048, duration: 3000 });
  t.same(fileMessageContent(photo, { width: -1, height: 1.5 }).info, { mimetype: "image/jpeg", size: 2048 }, "nonsense sizes are left out");
  t.equal(fileMessageContent(photo, { msgtype: "m.file" }).msgtype, "m.file", "the app may send an image as a plain file");
});
