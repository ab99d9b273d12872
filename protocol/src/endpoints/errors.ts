/**
 * Errors raised while defining endpoints, building request paths, and
 * checking incoming requests against a definition.
 */

/** A malformed endpoint definition: a programming error, raised when the module loads. */
export class EndpointDefinitionError extends Error {
  override readonly name = "EndpointDefinitionError";
}

/** `buildPath` was given a missing, empty or unencodable parameter: a caller's bug, not a server answer. */
export class EndpointPathError extends Error {
  override readonly name = "EndpointPathError";
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
  }
}

/** The Matrix error codes request validation can produce. */
export type ValidationErrcode = "M_BAD_JSON" | "M_INVALID_PARAM" | "M_MISSING_PARAM";

/**
 * A request that does not fit its endpoint's definition. The homeserver maps
 * it straight to a 400 response `{ errcode, error: message }`.
 */
export class EndpointValidationError extends Error {
  override readonly name = "EndpointValidationError";
  readonly status = 400;
  constructor(
    readonly errcode: ValidationErrcode,
    message: string,
    /** The offending field or parameter, e.g. "initial_state[0].type"; absent when the whole body is wrong. */
    readonly field?: string,
  ) {
    super(message);
  }
}
