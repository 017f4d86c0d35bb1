import { useState } from 'preact/hooks';
import type { AgentSettings, Compaction } from '../../api/types.js';
import { Field, fieldError } from '../../components/field.js';
import { FormError } from '../../components/form-error.js';
import { Notice, useNotice } from '../../components/notice.js';
import { useAction } from '../../hooks/use-action.js';

interface Draft {
  model: string;
  contextWindow: string;
  compaction: '' | Compaction;
  responseLanguage: string;
}

const draftOf = (settings: AgentSettings | undefined): Draft => ({
  model: settings?.model ?? '',
  contextWindow: settings?.contextWindow === undefined ? '' : String(settings.contextWindow),
  compaction: settings?.compaction ?? '',
  responseLanguage: settings?.responseLanguage ?? '',
});

/** The overrides a draft sets; empty fields inherit. Null when nothing is overridden. Pure. */
export function settingsOf(draft: Draft): AgentSettings | null {
  const settings: { -readonly [K in keyof AgentSettings]: AgentSettings[K] } = {};
  if (draft.model.trim()) settings.model = draft.model.trim();
  if (draft.contextWindow.trim()) settings.contextWindow = Number(draft.contextWindow);
  if (draft.compaction) settings.compaction = draft.compaction;
  if (draft.responseLanguage.trim()) settings.responseLanguage = draft.responseLanguage.trim();
  return Object.keys(settings).length > 0 ? settings : null;
}

/**
 * Model, context window, compaction and response language for a position's or an employee's
 * agents. An empty field inherits (employee -> position -> runtime -> organization).
 */
export function AgentSettingsForm(props: {
  idPrefix: string;
  current: AgentSettings | undefined;
  inherited: Required<AgentSettings>;
  save: (settings: AgentSettings | null) => Promise<unknown>;
  onSaved: () => void;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(props.current));
  const [notice, showNotice] = useNotice();
  const action = useAction(async (settings: AgentSettings | null) => {
    await props.save(settings);
    showNotice(settings ? 'Saved. Agents get it from their next session.' : 'Overrides cleared.');
    props.onSaved();
  });
  const set = (field: keyof Draft) => (event: { currentTarget: { value: string } }) =>
    setDraft((current) => ({ ...current, [field]: event.currentTarget.value }));
  const id = (field: string) => `${props.idPrefix}-${field}`;
  const error = (path: string) => fieldError(action.error, `agentConfig.${path}`);
  return (
    <form
      class="form"
      onSubmit={(event) => {
        event.preventDefault();
        void action.run(settingsOf(draft));
      }}
    >
      <Field
        id={id('model')}
        label="Model"
        hint={`Inherited: ${props.inherited.model}`}
        error={error('model')}
      >
        <input
          id={id('model')}
          class="mono"
          value={draft.model}
          placeholder={props.inherited.model}
          onInput={set('model')}
        />
      </Field>
      <Field
        id={id('context')}
        label="Context window (tokens)"
        hint={`Inherited: ${props.inherited.contextWindow.toLocaleString()}`}
        error={error('contextWindow')}
      >
        <input
          id={id('context')}
          type="number"
          min={1024}
          step={1024}
          value={draft.contextWindow}
          placeholder={String(props.inherited.contextWindow)}
          onInput={set('contextWindow')}
        />
      </Field>
      <Field id={id('compaction')} label="Compaction" error={error('compaction')}>
        <select id={id('compaction')} value={draft.compaction} onChange={set('compaction')}>
          <option value="">Inherit ({props.inherited.compaction})</option>
          <option value="default">Default</option>
          <option value="safeguard">Safeguard (keeps recent turns)</option>
        </select>
      </Field>
      <Field
        id={id('language')}
        label="Response language"
        hint={`A language tag such as en, de, zh-CN. Inherited: ${props.inherited.responseLanguage}`}
        error={error('responseLanguage')}
      >
        <input
          id={id('language')}
          value={draft.responseLanguage}
          placeholder={props.inherited.responseLanguage}
          onInput={set('responseLanguage')}
        />
      </Field>
      <FormError error={action.error} />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={action.pending}>
          {action.pending ? 'Saving…' : 'Save configuration'}
        </button>
        <button
          type="button"
          class="button"
          disabled={action.pending || props.current === undefined}
          onClick={() => {
            setDraft(draftOf(undefined));
            void action.run(null);
          }}
        >
          Clear overrides
        </button>
        <Notice message={notice} />
      </div>
    </form>
  );
}
