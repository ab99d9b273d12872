/**
 * State resolution only fails when its input is incomplete or malformed: the
 * caller forgot to preload an event, or handed over something that cannot be
 * room state. Those are caller bugs, so they get one error type with a
 * message that names the offending event.
 */
export class StateResolutionError extends Error {
  override readonly name = "StateResolutionError";
  constructor(message: string, readonly eventId?: string) {
    super(message);
  }
}
