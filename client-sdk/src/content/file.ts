/**
 * File messages: `m.file`, `m.image`, `m.video`, `m.audio`, built from an
 * uploaded file. `info` carries the size and type (so a client can say "PDF,
 * 2 MB" before downloading) and, when the app knows them, an image's or
 * video's width and height and a recording's duration.
 *
 * As Matrix 1.10 has it, `filename` names the file and `body` is a caption
 * when it differs; without a caption `body` is the file name (what clients
 * without file support show).
 */
import type { FileInfo, FileMessageContent } from "../events/content.js";
import type { UploadedMedia } from "../media/media-api.js";

export type FileMsgtype = FileMessageContent["msgtype"];

export type FileMessageOptions = {
  /** Default: from the type (image/*, video/*, audio/*), else m.file. */
  msgtype?: FileMsgtype;
  /** Text shown with the file. */
  caption?: string;
  /** Pixels, for images and videos. */
  width?: number;
  height?: number;
  /** Milliseconds, for audio and video. */
  durationMs?: number;
};

/** The msgtype clients expect for a file of this MIME type. */
export function msgtypeFor(mimetype: string): FileMsgtype {
  const major = mimetype.split("/", 1)[0]!.trim().toLowerCase();
  if (major === "image") return "m.image";
  if (major === "video") return "m.video";
  if (major === "audio") return "m.audio";
  return "m.file";
}

const positiveInt = (n: number | undefined): n is number => n !== undefined && Number.isInteger(n) && n > 0;

export function fileMessageContent(media: UploadedMedia, options: FileMessageOptions = {}): FileMessageContent {
  const msgtype = options.msgtype ?? msgtypeFor(media.mimetype);
  const info: FileInfo = { mimetype: media.mimetype, size: media.size };
  if (msgtype === "m.image" || msgtype === "m.video") {
    if (positiveInt(options.width)) info.w = options.width;
    if (positiveInt(options.height)) info.h = options.height;
  }
  if ((msgtype === "m.audio" || msgtype === "m.video") && positiveInt(options.durationMs)) info.duration = options.durationMs;
  const name = media.filename ?? "file";
  return {
    msgtype,
    body: options.caption || name,
    ...(media.filename !== undefined ? { filename: media.filename } : {}),
    url: media.contentUri,
    info,
    // A file mentions nobody: saying so keeps servers from guessing mentions from the body.
    "m.mentions": {},
  };
}
