/**
 * The type policy: what a file IS comes from its bytes, not from the
 * client's Content-Type or file name.
 *
 *   1. The first bytes (SNIFF_BYTES) are recognised by `file-type` (magic
 *      numbers and container structure: PDF, PNG, JPEG, GIF, WebP, MP4,
 *      WebM, Ogg, MP3, WAV, ZIP, DOCX/XLSX/PPTX, ODT/ODS, ...). That type
 *      wins. Old Office files are all one container format (CFB): the file
 *      name's extension or the declared type says which one they are.
 *   2. Nothing recognised, but the bytes are UTF-8 text (no NUL or other
 *      binary control bytes): a textual type the client declared, or that
 *      its file name's extension implies (CSV, TSV, Markdown, JSON, SVG,
 *      HTML, calendar, vCard), else text/plain. A client's word counts
 *      here only because the bytes are text: a "CSV" that is not text is
 *      not a CSV.
 *   3. Anything else is application/octet-stream (end-to-end encrypted
 *      attachments are exactly that).
 *
 * A type on the deny list (WARD_MEDIA_DENY_TYPES, executables by default),
 * recognised or merely declared, refuses the upload.
 */

/** file-type is loaded at the first upload, not at start-up: an idle server does not carry it (~10 MB RSS). */
let fileTypeModule: Promise<typeof import("file-type")> | undefined;
const loadFileType = () => (fileTypeModule ??= import("file-type"));

/** How many leading bytes are examined (enough for the ZIP entries that tell a DOCX from a ZIP). */
export const SNIFF_BYTES = 64 * 1024;

export const OCTET_STREAM = "application/octet-stream";

const CFB_BY_EXTENSION: Readonly<Record<string, string>> = {
  doc: "application/msword",
  dot: "application/msword",
  xls: "application/vnd.ms-excel",
  ppt: "application/vnd.ms-powerpoint",
  msg: "application/vnd.ms-outlook",
  msi: "application/x-msi",
};

const TEXT_BY_EXTENSION: Readonly<Record<string, string>> = {
  txt: "text/plain",
  log: "text/plain",
  csv: "text/csv",
  tsv: "text/tab-separated-values",
  md: "text/markdown",
  markdown: "text/markdown",
  json: "application/json",
  svg: "image/svg+xml",
  html: "text/html",
  htm: "text/html",
  xml: "application/xml",
  ics: "text/calendar",
  vcf: "text/vcard",
  css: "text/css",
};

const TEXT_TYPES = new Set([...Object.values(TEXT_BY_EXTENSION), "text/xml", "text/x-vcard", "application/ld+json"]);

/** `image/png; charset=x` → `image/png`; undefined for anything that is not a type/subtype. */
export function normaliseDeclaredType(value: string | undefined): string | undefined {
  const type = value?.split(";")[0]?.trim().toLowerCase();
  return type && /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type) ? type : undefined;
}

function extensionOf(fileName: string | undefined): string | undefined {
  const dot = fileName?.lastIndexOf(".") ?? -1;
  return fileName && dot > 0 ? fileName.slice(dot + 1).toLowerCase() : undefined;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * UTF-8 without binary control bytes (tab, newlines, form feed and escape
 * are fine). `complete` is false when `head` is only the start of the file:
 * a character cut at its end is then forgiven.
 */
export function looksLikeText(head: Uint8Array, complete: boolean): boolean {
  for (const byte of head) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0b && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b) return false;
    if (byte === 0x7f) return false;
  }
  for (let cut = 0; cut <= (complete ? 0 : 3) && cut <= head.length; cut++) {
    try {
      utf8.decode(head.subarray(0, head.length - cut));
      return true;
    } catch {
      // a multi-byte character may have been cut at the end of the sample: try a shorter one
    }
  }
  return false;
}

export type TypeInput = {
  /** The first SNIFF_BYTES bytes (or the whole file when shorter). */
  head: Uint8Array;
  /** The whole file is in `head`. */
  complete: boolean;
  declared: string | undefined;
  fileName: string | undefined;
};

/** The type a file is stored and served as. */
export async function recogniseType(input: TypeInput): Promise<string> {
  const declared = normaliseDeclaredType(input.declared);
  const extension = extensionOf(input.fileName);
  const { fileTypeFromBuffer } = await loadFileType();
  const found = input.head.length === 0 ? undefined : await fileTypeFromBuffer(input.head).catch(() => undefined);
  if (found) {
    if (found.mime === "application/x-cfb") {
      return (extension && CFB_BY_EXTENSION[extension]) ?? (declared && Object.values(CFB_BY_EXTENSION).includes(declared) ? declared : found.mime);
    }
    return found.mime;
  }
  if (input.head.length > 0 && looksLikeText(input.head, input.complete)) {
    if (declared && TEXT_TYPES.has(declared)) return declared;
    return (extension && TEXT_BY_EXTENSION[extension]) ?? "text/plain";
  }
  return OCTET_STREAM;
}

/** The deny-listed type among the recognised and the declared one, if any. */
export function deniedType(recognised: string, declared: string | undefined, denyTypes: readonly string[]): string | undefined {
  const candidates = [recognised, normaliseDeclaredType(declared)];
  return candidates.find((type) => type !== undefined && denyTypes.includes(type));
}
