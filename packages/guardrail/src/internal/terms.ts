/**
 * Literal term matching for denied topics and word filters, with an Aho-Corasick automaton: one
 * pass over the text, constant work per character however many terms there are (a dense
 * transition table for ASCII, per-state maps for the rest). The text is folded on the fly like the
 * terms (lower case, plain apostrophes, every whitespace run one space), so it is never copied.
 * Word boundaries are checked on each hit: a Latin-script term must not touch another letter or
 * digit, while Han, kana and Thai characters, written without spaces, are boundaries themselves
 * (`买AAPL股票` contains `aapl`). A trailing `*` makes a term a prefix (`invest*` matches
 * `investing`).
 */
import { foldText } from './text.js';

export interface CompiledTerm {
  /** The folded term, without a trailing `*`. */
  readonly folded: string;
  readonly prefix: boolean;
}

export function foldTerm(term: string): CompiledTerm {
  const trimmed = term.trim();
  const prefix = trimmed.endsWith('*');
  const body = prefix ? trimmed.slice(0, -1) : trimmed;
  return { folded: foldText(body.normalize('NFKC')).trim(), prefix };
}

const BOUNDARY_FREE_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;
const WORD_CHARACTER = /[\p{L}\p{N}_]/u;

/** True when the character needs a boundary against letters (Latin, Cyrillic, Hangul, digits...). */
export function isBoundedWordCharacter(character: string | undefined): boolean {
  if (character === undefined || character === '') return false;
  const code = character.charCodeAt(0);
  if (code < 128) {
    return (
      (code >= 48 && code <= 57) ||
      (code >= 97 && code <= 122) ||
      (code >= 65 && code <= 90) ||
      code === 95
    );
  }
  return WORD_CHARACTER.test(character) && !BOUNDARY_FREE_SCRIPT.test(character);
}

function characterBefore(text: string, index: number): string | undefined {
  if (index <= 0) return undefined;
  const code = text.charCodeAt(index - 1);
  if (code >= 0xdc00 && code <= 0xdfff && index >= 2) return text.slice(index - 2, index);
  return text[index - 1];
}

function characterAt(text: string, index: number): string | undefined {
  if (index >= text.length) return undefined;
  const code = text.charCodeAt(index);
  if (code >= 0xd800 && code <= 0xdbff) return text.slice(index, index + 2);
  return text[index];
}

function isWhitespace(code: number): boolean {
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Lower case of one UTF-16 unit when it stays one unit (cached), typographic apostrophes as `'`. */
const lowerCache = new Uint16Array(0x10000);
function foldUnit(code: number): number {
  if (code < 128) return code >= 65 && code <= 90 ? code + 32 : code;
  if (code === 0x2018 || code === 0x2019 || code === 0x02bc || code === 0x2032) return 39;
  let folded = lowerCache[code] as number;
  if (folded === 0) {
    const lower = String.fromCharCode(code).toLowerCase();
    folded = lower.length === 1 ? lower.charCodeAt(0) : code;
    lowerCache[code] = folded;
  }
  return folded;
}

/**
 * Where a hit of `foldedLength` folded units ending at `end` starts in the text: walks back, one
 * unit per character and one per whitespace run (only on hits, so the scan itself stays lean).
 */
function foldedStart(text: string, end: number, foldedLength: number): number {
  let index = end;
  let remaining = foldedLength - 1;
  while (remaining > 0 && index > 0) {
    index -= 1;
    if (isWhitespace(text.charCodeAt(index))) {
      while (index > 0 && isWhitespace(text.charCodeAt(index - 1))) index -= 1;
    }
    remaining -= 1;
  }
  return index;
}

export interface TermMatcher {
  /** Ids (indexes into the compiled list) of the terms present in `text` (normalized). */
  findIn(text: string): Set<number>;
}

const ASCII = 128;

/** Compiles `terms` (already folded) into one automaton. Terms that fold alike share a state. */
export function compileTerms(terms: readonly CompiledTerm[]): TermMatcher {
  // The trie, over UTF-16 units of the folded terms.
  const children: Map<number, number>[] = [new Map()];
  const ends: number[][] = [[]];
  terms.forEach((term, id) => {
    if (term.folded.length === 0) return;
    let state = 0;
    for (let index = 0; index < term.folded.length; index += 1) {
      const unit = term.folded.charCodeAt(index);
      let next = (children[state] as Map<number, number>).get(unit);
      if (next === undefined) {
        next = children.length;
        children.push(new Map());
        ends.push([]);
        (children[state] as Map<number, number>).set(unit, next);
      }
      state = next;
    }
    (ends[state] as number[]).push(id);
  });
  const states = children.length;
  if (states === 1) return { findIn: () => new Set() };

  // Failure links breadth-first; outputs include those of the failure chain; ASCII transitions
  // become a dense table, the rest are resolved through failure links at match time.
  const fail = new Int32Array(states);
  const outputs: number[][] = ends.map((list) => [...list]);
  const asciiTable = new Int32Array(states * ASCII);
  const alphabet = new Uint8Array(0x10000);
  for (const map of children) for (const unit of map.keys()) alphabet[unit] = 1;
  const queue: number[] = [];
  for (let unit = 0; unit < ASCII; unit += 1) {
    const child = (children[0] as Map<number, number>).get(unit);
    asciiTable[unit] = child ?? 0;
  }
  for (const child of (children[0] as Map<number, number>).values()) {
    fail[child] = 0;
    queue.push(child);
  }
  for (let head = 0; head < queue.length; head += 1) {
    const state = queue[head] as number;
    outputs[state] = [
      ...(outputs[state] as number[]),
      ...(outputs[fail[state] as number] as number[]),
    ];
    for (let unit = 0; unit < ASCII; unit += 1) {
      const child = (children[state] as Map<number, number>).get(unit);
      asciiTable[state * ASCII + unit] =
        child ?? (asciiTable[(fail[state] as number) * ASCII + unit] as number);
    }
    for (const [unit, child] of children[state] as Map<number, number>) {
      let fallback = fail[state] as number;
      while (fallback !== 0 && !(children[fallback] as Map<number, number>).has(unit))
        fallback = fail[fallback] as number;
      const target = (children[fallback] as Map<number, number>).get(unit);
      fail[child] = target !== undefined && target !== child ? target : 0;
      queue.push(child);
    }
  }
  const hasOutput = new Uint8Array(states);
  outputs.forEach((list, state) => {
    hasOutput[state] = list.length > 0 ? 1 : 0;
  });
  const lengths = terms.map((term) => term.folded.length);
  const prefixes = terms.map((term) => term.prefix);
  const firstBounded = terms.map((term) => isBoundedWordCharacter(characterAt(term.folded, 0)));
  const lastBounded = terms.map((term) =>
    isBoundedWordCharacter(characterBefore(term.folded, term.folded.length)),
  );

  const step = (state: number, unit: number): number => {
    if (unit < ASCII) return asciiTable[state * ASCII + unit] as number;
    if (alphabet[unit] === 0) return 0;
    let current = state;
    for (;;) {
      const next = (children[current] as Map<number, number>).get(unit);
      if (next !== undefined) return next;
      if (current === 0) return 0;
      current = fail[current] as number;
    }
  };

  return {
    findIn(text) {
      const found = new Set<number>();
      let state = 0;
      let lastWasSpace = false;
      const length = text.length;
      for (let index = 0; index < length; index += 1) {
        let unit = text.charCodeAt(index);
        if (unit < ASCII) {
          // The hot path: ASCII, folded and stepped inline.
          if (unit === 32 || (unit >= 9 && unit <= 13)) {
            if (lastWasSpace) continue;
            lastWasSpace = true;
            unit = 32;
          } else {
            lastWasSpace = false;
            if (unit >= 65 && unit <= 90) unit += 32;
          }
          state = asciiTable[state * ASCII + unit] as number;
        } else if (isWhitespace(unit)) {
          if (lastWasSpace) continue;
          lastWasSpace = true;
          state = asciiTable[state * ASCII + 32] as number;
        } else {
          lastWasSpace = false;
          state = step(state, foldUnit(unit));
        }
        if (hasOutput[state] === 0) continue;
        for (const id of outputs[state] as number[]) {
          if (found.has(id)) continue;
          const start = foldedStart(text, index, lengths[id] as number);
          if (firstBounded[id] && isBoundedWordCharacter(characterBefore(text, start))) continue;
          if (
            !prefixes[id] &&
            lastBounded[id] &&
            isBoundedWordCharacter(characterAt(text, index + 1))
          )
            continue;
          found.add(id);
        }
      }
      return found;
    },
  };
}
