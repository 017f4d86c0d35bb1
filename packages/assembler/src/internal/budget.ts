import { closeOpenBlocks, count } from './text.js';

/**
 * Fits generated bootstrap files into OpenClaw's prompt budget by cutting their least important
 * sections first. Files are lists of sections; each section has a priority (0 = most important)
 * and a cut mode. Files the agent owns (MEMORY.md, HEARTBEAT.md, USER.md) are never changed on
 * disk: a checkpoint would otherwise store the cut text back over the real one. They are counted
 * at what OpenClaw will inject of them, and when the total still does not fit, the report says
 * how much of them OpenClaw will show.
 */

/** Priorities, most important first. */
export const PRIORITY = {
  /** Identity, the global SOUL layer and its restated red lines, the session, the tool rules. */
  critical: 0,
  /** Company-wide workflow rules and how to use memory. */
  rules: 1,
  /** The position's SOUL layer and workflow, the knowledge index. */
  position: 2,
  /** The personal SOUL layer and other per-person text. */
  personal: 3,
  /** Files the agent owns: MEMORY.md, HEARTBEAT.md. */
  agentOwned: 4,
  /** Repeats kept for readability (the first listing of the red lines). */
  repeat: 5,
  /** Knowledge bodies inlined into the prompt (the company directory): cut first. */
  knowledge: 6,
} as const;

export type CutMode = 'never' | 'truncate' | 'omit';

export interface Section {
  readonly file: string;
  readonly id: string;
  /** How the report names it: "personal SOUL layer (Carol Zhang)". */
  readonly label: string;
  readonly priority: number;
  readonly text: string;
  readonly cut: CutMode;
  /** Where the full text can be read when it is cut (a workspace path), if anywhere. */
  readonly pointer?: string;
}

export interface AgentOwnedFile {
  readonly file: string;
  readonly chars: number;
  readonly priority: number;
}

export interface BudgetLimits {
  readonly perFileMaxChars: number;
  readonly totalMaxChars: number;
  /** Bootstrap file names in OpenClaw's injection order. */
  readonly order: readonly string[];
  /** Fixed costs, such as `[MISSING]` markers OpenClaw prints for absent files. */
  readonly fixed: readonly { readonly file: string; readonly chars: number }[];
}

export interface Cut {
  readonly file: string;
  readonly section: string;
  readonly originalChars: number;
  readonly keptChars: number;
  readonly reason: string;
}

export interface FittedBudget {
  /** The generated files' final text, by file name. */
  readonly files: ReadonlyMap<string, string>;
  /** What OpenClaw injects of each bootstrap file, generated or not. */
  readonly injectedChars: ReadonlyMap<string, number>;
  readonly totalInjectedChars: number;
  readonly cuts: readonly Cut[];
  /** Each section's final text, by section id. */
  readonly sectionTexts: ReadonlyMap<string, string>;
  /** Agent-owned files that OpenClaw will show only in part, and how much of them. */
  readonly agentOwnedShortfalls: readonly {
    readonly file: string;
    readonly chars: number;
    readonly shownChars: number;
  }[];
}

interface State {
  readonly section: Section;
  text: string;
  exhausted: boolean;
}

const MINIMUM_USEFUL_CHARS = 200;

/** Joins section texts with one blank line between non-empty sections. */
function joinSections(texts: readonly string[]): string {
  const kept = texts.filter((text) => text.length > 0);
  return kept.length === 0 ? '' : `${kept.map((text) => text.replace(/\n+$/, '')).join('\n\n')}\n`;
}

/**
 * The text of `section` cut down to at most `maxChars`, ending at a line break, with a note that
 * says what was cut and where the full text is. Empty when not even the note fits.
 */
export function cutSection(section: Section, text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const where = section.pointer ? `; the full text is in ${section.pointer}` : '';
  const omitted = `_[${section.label} left out to fit the prompt budget${where}]_\n`;
  if (section.cut === 'truncate') {
    const note = `\n_[cut to fit the prompt budget: ${count(maxChars)} of ${count(section.text.length)} characters kept${where}]_\n`;
    const room = maxChars - note.length;
    if (room >= MINIMUM_USEFUL_CHARS) {
      const lineEnd = text.lastIndexOf('\n', room);
      const kept = closeOpenBlocks(
        text.slice(0, lineEnd > room / 2 ? lineEnd : room).replace(/\s+$/, ''),
      );
      const finalNote = `\n_[cut to fit the prompt budget: ${count(kept.length)} of ${count(section.text.length)} characters kept${where}]_\n`;
      if (kept.length + finalNote.length <= maxChars) return `${kept}${finalNote}`;
    }
  }
  return omitted.length <= maxChars ? omitted : '';
}

/** Fits `sections` (grouped by `file`) and the agent-owned files into `limits`. Pure. */
export function fitBudget(
  sections: readonly Section[],
  agentOwned: readonly AgentOwnedFile[],
  limits: BudgetLimits,
): FittedBudget {
  const states: State[] = sections.map((section) => ({
    section,
    text: section.text,
    exhausted: section.text.length === 0,
  }));
  const byFile = new Map<string, State[]>();
  for (const state of states) {
    const list = byFile.get(state.section.file) ?? [];
    list.push(state);
    byFile.set(state.section.file, list);
  }
  const fileOrder = (file: string) => {
    const index = limits.order.indexOf(file);
    return index === -1 ? limits.order.length : index;
  };
  const sizeOf = (file: string) =>
    joinSections((byFile.get(file) ?? []).map((state) => state.text)).length;
  const cuts = new Map<State, { reason: string }>();
  const owned = agentOwned.map((file) => ({
    ...file,
    counted: Math.min(file.chars, limits.perFileMaxChars),
  }));

  // Least important first: highest priority number, then later files, then later sections.
  const rank = (state: State) => ({
    priority: state.section.priority,
    file: fileOrder(state.section.file),
    position: states.indexOf(state),
  });
  const lessImportant = (a: State, b: State) => {
    const left = rank(a);
    const right = rank(b);
    if (left.priority !== right.priority) return left.priority > right.priority;
    if (left.file !== right.file) return left.file > right.file;
    return left.position > right.position;
  };
  const pick = (candidates: readonly State[]): State | undefined => {
    let chosen: State | undefined;
    for (const candidate of candidates) {
      if (candidate.exhausted) continue;
      if (!chosen || lessImportant(candidate, chosen)) chosen = candidate;
    }
    return chosen;
  };
  // Always cut from the original text, so a section cut twice carries one note, not two. Every
  // call strictly shortens the section, which is what makes both loops below terminate.
  const shrink = (state: State, by: number, reason: string) => {
    const current = state.text.length;
    const section: Section =
      state.section.cut === 'never' ? { ...state.section, cut: 'truncate' } : state.section;
    let next = cutSection(section, section.text, Math.max(0, current - by));
    if (next.length >= current) next = '';
    state.text = next;
    state.exhausted = next.length === 0;
    if (!cuts.has(state)) cuts.set(state, { reason });
  };

  // Phase 1: every generated file within the per-file cap.
  for (const [file, list] of byFile) {
    const reason = `${file} over ${count(limits.perFileMaxChars)} characters`;
    for (let size = sizeOf(file); size > limits.perFileMaxChars; size = sizeOf(file)) {
      const cuttable = list.filter((state) => state.section.cut !== 'never');
      const victim = pick(cuttable) ?? pick(list);
      if (!victim) break;
      shrink(victim, size - limits.perFileMaxChars, reason);
    }
  }

  // Phase 2: everything together within the total cap.
  const fixed = limits.fixed.reduce((sum, item) => sum + item.chars, 0);
  const total = () =>
    [...byFile.keys()].reduce((sum, file) => sum + sizeOf(file), 0) +
    owned.reduce((sum, file) => sum + file.counted, 0) +
    fixed;
  const totalReason = `prompt over ${count(limits.totalMaxChars)} characters in total`;
  for (let size = total(); size > limits.totalMaxChars; size = total()) {
    const overflow = size - limits.totalMaxChars;
    const victim = pick(states.filter((state) => state.section.cut !== 'never'));
    const ownedVictim = owned
      .filter((file) => file.counted > 0)
      .sort((a, b) => b.priority - a.priority || fileOrder(b.file) - fileOrder(a.file))[0];
    if (ownedVictim && (!victim || ownedVictim.priority > victim.section.priority)) {
      ownedVictim.counted = Math.max(0, ownedVictim.counted - overflow);
      continue;
    }
    const lastResort = victim ?? pick(states);
    if (!lastResort) break;
    shrink(lastResort, overflow, totalReason);
  }

  const files = new Map<string, string>();
  for (const file of byFile.keys())
    files.set(file, joinSections((byFile.get(file) ?? []).map((state) => state.text)));
  const injectedChars = new Map<string, number>();
  for (const [file, text] of files)
    if (limits.order.includes(file)) injectedChars.set(file, text.length);
  for (const file of owned) injectedChars.set(file.file, file.counted);
  for (const item of limits.fixed) injectedChars.set(item.file, item.chars);
  const totalInjectedChars = [...injectedChars.values()].reduce((sum, chars) => sum + chars, 0);

  return {
    files,
    injectedChars,
    totalInjectedChars,
    sectionTexts: new Map(states.map((state) => [state.section.id, state.text])),
    cuts: [...cuts.entries()].map(([state, { reason }]) => ({
      file: state.section.file,
      section: state.section.label,
      originalChars: state.section.text.length,
      keptChars: state.text.length,
      reason,
    })),
    agentOwnedShortfalls: owned
      .filter((file) => file.counted < file.chars)
      .map((file) => ({ file: file.file, chars: file.chars, shownChars: file.counted })),
  };
}
