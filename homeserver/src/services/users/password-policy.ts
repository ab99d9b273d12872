/**
 * The password policy for every new password (registration, password change,
 * the create-user CLI), after NIST SP 800-63B: length, not composition.
 *
 *   - 12 to 128 characters, counted as Unicode code points (an emoji is one),
 *     any characters at all: spaces, accents, other scripts;
 *   - no rules about digits, capitals or symbols (they make passwords harder
 *     to remember, not to guess);
 *   - refused when it is a well-known password (the common-password list of
 *     zxcvbn-ts, drawn from leaked-password corpora), compared ignoring case,
 *     or one short sequence repeated ("abcabcabcabc"), which such lists miss.
 *
 * Login does not apply the policy: accounts made before it keep working, and
 * their owners are asked for a conforming password when they next change it.
 */
import { dictionary } from "@zxcvbn-ts/language-common";
import { MatrixError } from "../../http/matrix-error.js";

export const MIN_PASSWORD_CODE_POINTS = 12;
/** argon2 pre-hashes any length, but a cap keeps hashing cost bounded; passphrases fit well within it. */
export const MAX_PASSWORD_CODE_POINTS = 128;

/** Only entries long enough to pass the length rule matter; shorter ones are refused anyway. */
let common: ReadonlySet<string> | undefined;
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(
    dictionary["passwords-common"].map((p) => p.toLowerCase()).filter((p) => codePoints(p) >= MIN_PASSWORD_CODE_POINTS),
  );
  return common;
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Up to four characters, said again and again. */
const REPEATED_UNIT = /^(.{1,4})\1+$/su;

/** Why `password` is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string): { errcode: "M_WEAK_PASSWORD" | "M_INVALID_PARAM"; message: string } | undefined {
  const length = codePoints(password);
  if (length < MIN_PASSWORD_CODE_POINTS) {
    return { errcode: "M_WEAK_PASSWORD", message: `Passwords must be at least ${MIN_PASSWORD_CODE_POINTS} characters long; a few words make a good one` };
  }
  // Too long is not weak; it is a request Ward will not take (the spec's M_INVALID_PARAM).
  if (length > MAX_PASSWORD_CODE_POINTS) {
    return { errcode: "M_INVALID_PARAM", message: `Passwords must be at most ${MAX_PASSWORD_CODE_POINTS} characters long` };
  }
  const folded = password.toLowerCase();
  if (commonPasswords().has(folded)) {
    return { errcode: "M_WEAK_PASSWORD", message: "This password is on a list of commonly used passwords; choose another" };
  }
  if (REPEATED_UNIT.test(folded)) {
    return { errcode: "M_WEAK_PASSWORD", message: "This password repeats a few characters over and over; choose another" };
  }
  return undefined;
}

/** Throws 400 (M_WEAK_PASSWORD, or M_INVALID_PARAM when too long) unless `password` may be set. */
export function checkNewPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new MatrixError(400, problem.errcode, problem.message);
}
