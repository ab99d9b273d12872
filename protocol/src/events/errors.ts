/** Errors of the events area. `reason` is machine-readable; the message names the field. */

export type EventFormatProblem =
  /** A field is missing, has the wrong JSON type, or is out of range. */
  | "bad_field"
  /** A field is present that this room version does not allow (e.g. `room_id` on a v12 create event). */
  | "unexpected_field"
  /** The event is larger than the spec's 64 KiB PDU limit. */
  | "too_large"
  /** The event cannot be written as canonical JSON. */
  | "not_canonical";

/** An event does not have the shape its room version requires. */
export class EventFormatError extends Error {
  override readonly name = "EventFormatError";
  constructor(
    readonly reason: EventFormatProblem,
    message: string,
  ) {
    super(message);
  }
}
