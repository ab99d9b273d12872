/**
 * Media IDs and mxc:// URIs. IDs are made here, never taken from clients:
 * 24 random bytes in base64url (32 characters of [A-Za-z0-9_-]), so they
 * cannot be guessed and can never spell a path ("..", "/", NUL). Anything
 * a client sends in their place is checked against the same alphabet before
 * it reaches a query, let alone the file system.
 */
import { randomBytes } from "node:crypto";
import { isServerName } from "@ward/protocol";

const MEDIA_ID = /^[A-Za-z0-9_-]{1,255}$/;

export function newMediaId(): string {
  return randomBytes(24).toString("base64url");
}

export function isMediaId(value: string): boolean {
  return MEDIA_ID.test(value);
}

export function mxcUri(serverName: string, mediaId: string): string {
  return `mxc://${serverName}/${mediaId}`;
}

/** The parts of a well-formed mxc:// URI (valid server name, valid media ID), or undefined. */
export function parseMxc(value: unknown): { serverName: string; mediaId: string } | undefined {
  if (typeof value !== "string" || !value.startsWith("mxc://")) return undefined;
  const rest = value.slice("mxc://".length);
  const slash = rest.indexOf("/");
  if (slash <= 0) return undefined;
  const serverName = rest.slice(0, slash);
  const mediaId = rest.slice(slash + 1);
  return isServerName(serverName) && isMediaId(mediaId) ? { serverName, mediaId } : undefined;
}
