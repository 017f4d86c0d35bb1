/**
 * Custom regexes run on RE2JS, a JavaScript port of RE2: automata instead of backtracking, so any
 * accepted pattern matches in time linear in the input and no pattern can hang the process (no
 * catastrophic backtracking by construction; lookarounds and backreferences are syntax errors).
 * A boolean DFA test with literal prefiltering runs first; matches are only extracted when it says
 * there are some.
 */
import { RE2JS } from 're2js';

/** RE2 program size above which a pattern is refused: a bound on per-character work. */
export const MAX_PROGRAM_SIZE = 2_000;

export interface SafeRegex {
  readonly source: string;
  /** Every non-overlapping match as a span (UTF-16 offsets), in text order. */
  findAll(text: string): { start: number; end: number }[];
}

export type SafeRegexResult =
  | { readonly ok: true; readonly regex: SafeRegex }
  | { readonly ok: false; readonly reason: string };

export function compileSafeRegex(
  pattern: string,
  options: { caseInsensitive?: boolean } = {},
): SafeRegexResult {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(
      pattern,
      options.caseInsensitive === true ? RE2JS.CASE_INSENSITIVE : 0,
    );
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `not a supported (RE2) regular expression: ${detail}` };
  }
  if (compiled.programSize() > MAX_PROGRAM_SIZE) {
    return {
      ok: false,
      reason: `too complex (RE2 program size ${compiled.programSize()} > ${MAX_PROGRAM_SIZE})`,
    };
  }
  if (compiled.test('')) {
    return { ok: false, reason: 'matches the empty string, so it would match everywhere' };
  }
  return {
    ok: true,
    regex: {
      source: pattern,
      findAll(text) {
        if (!compiled.test(text)) return [];
        const spans: { start: number; end: number }[] = [];
        for (const match of compiled.matchAll(text)) {
          const start = match.index ?? 0;
          spans.push({ start, end: start + match[0].length });
        }
        return spans;
      },
    },
  };
}
