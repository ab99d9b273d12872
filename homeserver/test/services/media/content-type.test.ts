import t from "tap";
import { DEFAULT_MEDIA_DENY_TYPES } from "../../../src/config.js";
import { deniedType, looksLikeText, normaliseDeclaredType, OCTET_STREAM, recogniseType } from "../../../src/services/media/content-type.js";
import * as samples from "./media-samples.js";

const recognise = (head: Buffer, declared?: string, fileName?: string) => recogniseType({ head, complete: true, declared, fileName });

t.test("types come from the bytes, whatever the client says", async (t) => {
  const cases: Array<[string, Buffer, string]> = [
    ["pdf", samples.pdf(), "application/pdf"],
    ["png", await samples.png(), "image/png"],
    ["jpeg", await samples.jpeg(), "image/jpeg"],
    ["mp4", samples.mp4(), "video/mp4"],
    ["webm", samples.webm(), "video/webm"],
    ["mp3", samples.mp3(), "audio/mpeg"],
    ["ogg", samples.ogg(), "audio/ogg"],
    ["wav", samples.wav(), "audio/wav"],
    ["docx", samples.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ["zip", samples.zip([["notes.txt", "hello"]]), "application/zip"],
    ["elf", samples.elf(), "application/x-elf"],
    ["exe", samples.exe(), "application/x-msdownload"],
  ];
  for (const [name, bytes, type] of cases) {
    t.equal(await recognise(bytes, "text/plain", "innocent.txt"), type, `${name}, declared text/plain`);
  }
});

t.test("text: the declared or implied textual type, else text/plain", async (t) => {
  t.equal(await recognise(samples.csv(), "text/csv"), "text/csv", "declared CSV");
  t.equal(await recognise(samples.csv(), "application/octet-stream", "ward-list.CSV"), "text/csv", "CSV by extension");
  t.equal(await recognise(samples.csv()), "text/plain", "nothing said: plain text");
  t.equal(await recognise(samples.text(), "image/png"), "text/plain", "a text file claiming to be PNG is text");
  t.equal(await recognise(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"), "image/svg+xml"), "image/svg+xml");
  t.equal(await recognise(Buffer.from('{"a":1}'), undefined, "x.json"), "application/json");
  t.equal(await recognise(Buffer.from([0x00, 0x01, 0x02, 0xff]), "text/csv", "a.csv"), OCTET_STREAM, "binary is not a CSV, whatever its name");
  t.equal(await recognise(Buffer.from([0x13, 0x37, 0xc0, 0xde, 0x00]), "image/png"), OCTET_STREAM, "unknown binary");
  t.equal(await recognise(Buffer.alloc(0), "text/plain"), OCTET_STREAM, "empty");
});

t.test("text detection forgives a character cut by the sample's end, not elsewhere", async (t) => {
  const euro = Buffer.from("price: 5€");
  const cut = euro.subarray(0, euro.length - 1);
  t.ok(looksLikeText(cut, false), "cut at the end of a sample");
  t.notOk(looksLikeText(cut, true), "cut at the end of the whole file");
  t.notOk(looksLikeText(Buffer.from("a\u0000b"), true), "NUL");
  t.ok(looksLikeText(Buffer.from("tab\there\r\n"), true));
});

t.test("old Office files are told apart by name", async (t) => {
  const cfb = Buffer.alloc(1024);
  cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  t.equal(await recognise(cfb, undefined, "referral.doc"), "application/msword");
  t.equal(await recognise(cfb, "application/vnd.ms-excel"), "application/vnd.ms-excel");
  t.equal(await recognise(cfb, undefined, "setup.msi"), "application/x-msi");
});

t.test("the deny list applies to the recognised and the declared type", async (t) => {
  t.equal(deniedType("application/x-elf", undefined, DEFAULT_MEDIA_DENY_TYPES), "application/x-elf");
  t.equal(deniedType(OCTET_STREAM, "application/x-msdownload; charset=binary", DEFAULT_MEDIA_DENY_TYPES), "application/x-msdownload");
  t.equal(deniedType("application/pdf", "application/pdf", DEFAULT_MEDIA_DENY_TYPES), undefined);
  t.equal(deniedType("application/x-elf", undefined, []), undefined, "an empty list denies nothing");
  t.equal(normaliseDeclaredType(" Image/PNG ; q=1"), "image/png");
  t.equal(normaliseDeclaredType("nonsense"), undefined);
});
