import { useState } from 'preact/hooks';
import { type SoulLayerReference, writeSoulLayer } from '../../api/agents.js';
import { isApiError } from '../../api/api-error.js';
import type { SoulImpact, SoulLayer } from '../../api/types.js';
import { ActionForm } from '../../components/action-form.js';
import { Field, fieldError } from '../../components/field.js';
import { FormError } from '../../components/form-error.js';
import { formatDateTime, formatNumber } from '../../format/locale.js';
import { useAction } from '../../hooks/use-action.js';

/** Writes the next version of a layer; refused when someone else saved in between. */
export function SoulEditor(props: {
  reference: SoulLayerReference;
  layer: SoulLayer | null;
  impact: SoulImpact;
  canEdit: boolean;
  /** An author id (an employee, or the system that seeded the layer) as people read it. */
  authorName: (id: string) => string;
  /** After a save; the editor is then replaced by one holding the new version. */
  onSaved: (version: number) => void;
}) {
  const { layer } = props;
  const [content, setContent] = useState(layer?.content ?? '');
  const [redLines, setRedLines] = useState((layer?.redLines ?? []).join('\n'));
  const [note, setNote] = useState('');
  const global = props.reference.scope === 'global';
  const action = useAction(async () => {
    const saved = await writeSoulLayer(props.reference, {
      content,
      ...(note.trim() ? { note: note.trim() } : {}),
      expectedVersion: layer?.version ?? 0,
      ...(global
        ? {
            redLines: redLines
              .split('\n')
              .map((line) => line.trim())
              .filter(Boolean),
          }
        : {}),
    });
    setNote('');
    props.onSaved(saved.version);
  });
  const conflict = isApiError(action.error, 'conflict');
  return (
    <ActionForm class="form" action={action}>
      <p class="muted">
        {layer
          ? `Version ${formatNumber(layer.version)} by ${props.authorName(layer.author)}, ${formatDateTime(layer.updatedAt)}${layer.note ? `: ${layer.note}` : ''}.`
          : 'This layer was never written.'}
      </p>
      <p class="warning-callout" role="note">
        Saving affects{' '}
        <strong data-testid="soul-impact">{formatNumber(props.impact.agents)}</strong>{' '}
        {props.impact.agents === 1 ? 'agent' : 'agents'} from their next session.
      </p>
      <Field
        id="soul-content"
        label="SOUL layer (Markdown)"
        error={fieldError(action.error, 'content')}
      >
        <textarea
          id="soul-content"
          class="code-input"
          rows={16}
          value={content}
          readOnly={!props.canEdit}
          onInput={(event) => setContent(event.currentTarget.value)}
        />
      </Field>
      {global ? (
        <Field
          id="soul-red-lines"
          label="Red lines (one per line; no layer can override them)"
          error={fieldError(action.error, 'redLines')}
        >
          <textarea
            id="soul-red-lines"
            rows={6}
            value={redLines}
            readOnly={!props.canEdit}
            onInput={(event) => setRedLines(event.currentTarget.value)}
          />
        </Field>
      ) : null}
      {props.canEdit ? (
        <>
          <Field id="soul-note" label="What changed and why (kept with the version)">
            <input
              id="soul-note"
              maxLength={500}
              value={note}
              onInput={(event) => setNote(event.currentTarget.value)}
            />
          </Field>
          {conflict ? (
            <p class="form-error" role="alert">
              Someone saved this layer since you opened it. Reload it and apply your change again.
            </p>
          ) : (
            <FormError error={action.error} />
          )}
          <div class="form-actions">
            <button type="submit" class="button button-primary" disabled={action.pending}>
              {action.pending ? 'Saving…' : 'Save new version'}
            </button>
          </div>
        </>
      ) : (
        <p class="muted">You can read this layer; only administrators change it.</p>
      )}
    </ActionForm>
  );
}
