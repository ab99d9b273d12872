/**
 * PushRuleError carries the Matrix errcode and HTTP status so the /pushrules
 * handlers can answer without inspecting message text.
 */

export type PushRuleErrcode = "M_INVALID_PARAM" | "M_MISSING_PARAM" | "M_NOT_FOUND" | "M_UNKNOWN";

const STATUS: Record<PushRuleErrcode, number> = {
  M_INVALID_PARAM: 400,
  M_MISSING_PARAM: 400,
  M_NOT_FOUND: 404,
  // The spec's own example for an unknown before/after anchor is a 400 M_UNKNOWN.
  M_UNKNOWN: 400,
};

export class PushRuleError extends Error {
  override readonly name = "PushRuleError";
  readonly status: number;

  constructor(
    readonly errcode: PushRuleErrcode,
    message: string,
  ) {
    super(message);
    this.status = STATUS[errcode];
  }
}
