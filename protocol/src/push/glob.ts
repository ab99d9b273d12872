/**
 * Glob matching for push rules (spec appendix "Glob-style matching"): `*` is any
 * run of characters, `?` exactly one character (one Unicode code point), every
 * other character is literal. Matching is case-insensitive using Unicode simple
 * case folding, which is what the `i` and `u` RegExp flags give.
 *
 * Word-bounded matching (content rules, `content.body`, display names) accepts
 * any substring whose neighbours are the ends of the value or characters outside
 * [A-Za-z0-9_].
 */

const REGEX_SYNTAX = /[\^$\\.*+?()[\]{}|/]/;
const WORD_CHAR = "[A-Za-z0-9_]";
const CACHE_LIMIT = 1000;
const cache = new Map<string, RegExp>();

function literal(ch: string): string {
  return REGEX_SYNTAX.test(ch) ? `\\${ch}` : ch;
}

function globSource(glob: string): string {
  let source = "";
  let previousStar = false;
  for (const ch of glob) {
    if (ch === "*") {
      // Runs of stars mean the same as one and would only add backtracking.
      if (!previousStar) source += ".*";
      previousStar = true;
      continue;
    }
    previousStar = false;
    source += ch === "?" ? "." : literal(ch);
  }
  return source;
}

function literalSource(text: string): string {
  let source = "";
  for (const ch of text) source += literal(ch);
  return source;
}

function compiled(mode: "whole" | "words" | "literal-words", text: string): RegExp {
  const cacheKey = `${mode}\u0000${text}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const body = mode === "literal-words" ? literalSource(text) : globSource(text);
  const source = mode === "whole" ? `^(?:${body})$` : `(?<!${WORD_CHAR})(?:${body})(?!${WORD_CHAR})`;
  const regex = new RegExp(source, "isu");
  // Patterns come from user rules; a crude reset keeps memory bounded without a clock.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(cacheKey, regex);
  return regex;
}

/** True when `pattern` matches the whole of `value`. */
export function globMatches(pattern: string, value: string): boolean {
  return compiled("whole", pattern).test(value);
}

/** True when `pattern` matches some word-bounded substring of `value`. */
export function globMatchesWords(pattern: string, value: string): boolean {
  return compiled("words", pattern).test(value);
}

/** True when `text`, taken literally (no wildcards), occurs word-bounded in `value`. */
export function containsWords(text: string, value: string): boolean {
  if (text === "") return false;
  return compiled("literal-words", text).test(value);
}
