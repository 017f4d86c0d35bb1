/** How a line of a unified diff reads: added, removed, a hunk header, or context. */
export type DiffLineKind = 'added' | 'removed' | 'hunk' | 'context';

export interface DiffLine {
  readonly kind: DiffLineKind;
  readonly text: string;
}

/** The lines of a unified patch worth showing (file headers and "\ No newline" markers dropped). */
export function parseUnifiedDiff(patch: string): DiffLine[] {
  const lines: DiffLine[] = [];
  for (const line of patch.split('\n')) {
    if (/^(={3,}|---|\+\+\+|\\ No newline)/.test(line) || line === '') continue;
    if (line.startsWith('@@')) lines.push({ kind: 'hunk', text: line });
    else if (line.startsWith('+')) lines.push({ kind: 'added', text: line.slice(1) });
    else if (line.startsWith('-')) lines.push({ kind: 'removed', text: line.slice(1) });
    else lines.push({ kind: 'context', text: line.slice(1) });
  }
  return lines;
}

const MARKS: Record<DiffLineKind, string> = { added: '+', removed: '−', hunk: '', context: ' ' };
const SPOKEN: Record<DiffLineKind, string> = {
  added: 'added: ',
  removed: 'removed: ',
  hunk: '',
  context: '',
};

/** A line diff, coloured and marked (+/−) so it reads without colour too. */
export function DiffView(props: { patch: string; label: string }) {
  const lines = parseUnifiedDiff(props.patch);
  if (lines.length === 0) return <p>The two versions are the same.</p>;
  return (
    <section aria-label={props.label}>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must take focus to be scrolled from the keyboard */}
      <pre class="diff" tabIndex={0}>
        {lines.map((line, index) => (
          <span key={index} class={`diff-line diff-${line.kind}`}>
            <span class="visually-hidden">{SPOKEN[line.kind]}</span>
            <span aria-hidden="true" class="diff-mark">
              {MARKS[line.kind]}
            </span>
            {line.text}
            {'\n'}
          </span>
        ))}
      </pre>
    </section>
  );
}
