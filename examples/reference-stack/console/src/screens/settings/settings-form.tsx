import { useState } from 'preact/hooks';
import { updateSettings } from '../../api/organization.js';
import type { Compaction, Organization, Runtime } from '../../api/types.js';
import { ActionForm } from '../../components/action-form.js';
import { Field, fieldError } from '../../components/field.js';
import { FormError } from '../../components/form-error.js';
import { useAction } from '../../hooks/use-action.js';

/**
 * The organization's name, domain, default runtime, agent defaults and tool ceiling. After a save
 * the screen reloads the settings and replaces this form.
 */
export function SettingsForm(props: {
  organization: Organization;
  runtimes: readonly Runtime[];
  onSaved: () => void;
}) {
  const { organization } = props;
  const defaults = organization.agentDefaults;
  const [name, setName] = useState(organization.name);
  const [domain, setDomain] = useState(organization.domain);
  const [defaultRuntimeId, setDefaultRuntimeId] = useState(organization.defaultRuntimeId);
  const [model, setModel] = useState(defaults.model);
  const [contextWindow, setContextWindow] = useState(String(defaults.contextWindow));
  const [compaction, setCompaction] = useState<Compaction>(defaults.compaction);
  const [recentTurns, setRecentTurns] = useState(String(defaults.recentTurnsPreserve));
  const [maxTokens, setMaxTokens] = useState(String(defaults.maxTokens));
  const [responseLanguage, setResponseLanguage] = useState(defaults.responseLanguage);
  const [deny, setDeny] = useState((organization.toolPolicy.deny ?? []).join(', '));
  const action = useAction(async () => {
    await updateSettings({
      name: name.trim(),
      domain: domain.trim(),
      defaultRuntimeId,
      agentDefaults: {
        model: model.trim(),
        contextWindow: Number(contextWindow),
        compaction,
        recentTurnsPreserve: Number(recentTurns),
        maxTokens: Number(maxTokens),
        responseLanguage: responseLanguage.trim(),
      },
      toolPolicy: {
        ...organization.toolPolicy,
        deny: deny
          .split(/[,\s]+/)
          .map((tool) => tool.trim())
          .filter(Boolean),
      },
    });
    props.onSaved();
  });
  const error = (path: string) => fieldError(action.error, path);
  return (
    <ActionForm class="form form-columns" action={action}>
      <fieldset>
        <legend>Company</legend>
        <Field id="settings-name" label="Name" error={error('name')}>
          <input
            id="settings-name"
            required
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </Field>
        <Field id="settings-domain" label="Email domain" error={error('domain')}>
          <input
            id="settings-domain"
            required
            value={domain}
            onInput={(event) => setDomain(event.currentTarget.value)}
          />
        </Field>
        <Field id="settings-runtime" label="Default runtime" error={error('defaultRuntimeId')}>
          <select
            id="settings-runtime"
            value={defaultRuntimeId}
            onChange={(event) => setDefaultRuntimeId(event.currentTarget.value)}
          >
            {props.runtimes.map((runtime) => (
              <option key={runtime.id} value={runtime.id}>
                {runtime.name}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id="settings-deny"
          label="Tools no agent may use (comma-separated)"
          hint="The ceiling for every runtime and position."
          error={error('toolPolicy.deny')}
        >
          <input
            id="settings-deny"
            class="mono"
            value={deny}
            aria-describedby="settings-deny-hint"
            onInput={(event) => setDeny(event.currentTarget.value)}
          />
        </Field>
      </fieldset>
      <fieldset>
        <legend>Agent defaults</legend>
        <Field
          id="settings-model"
          label="Model (provider/model-id)"
          error={error('agentDefaults.model')}
        >
          <input
            id="settings-model"
            class="mono"
            required
            value={model}
            onInput={(event) => setModel(event.currentTarget.value)}
          />
        </Field>
        <Field
          id="settings-context"
          label="Context window (tokens)"
          error={error('agentDefaults.contextWindow')}
        >
          <input
            id="settings-context"
            type="number"
            min={1024}
            required
            value={contextWindow}
            onInput={(event) => setContextWindow(event.currentTarget.value)}
          />
        </Field>
        <Field id="settings-compaction" label="Compaction">
          <select
            id="settings-compaction"
            value={compaction}
            onChange={(event) => setCompaction(event.currentTarget.value as Compaction)}
          >
            <option value="default">Default</option>
            <option value="safeguard">Safeguard (keeps recent turns)</option>
          </select>
        </Field>
        <Field
          id="settings-recent"
          label="Recent turns kept by compaction"
          error={error('agentDefaults.recentTurnsPreserve')}
        >
          <input
            id="settings-recent"
            type="number"
            min={0}
            required
            value={recentTurns}
            onInput={(event) => setRecentTurns(event.currentTarget.value)}
          />
        </Field>
        <Field
          id="settings-max-tokens"
          label="Longest reply (tokens)"
          error={error('agentDefaults.maxTokens')}
        >
          <input
            id="settings-max-tokens"
            type="number"
            min={1}
            required
            value={maxTokens}
            onInput={(event) => setMaxTokens(event.currentTarget.value)}
          />
        </Field>
        <Field
          id="settings-language"
          label="Response language"
          error={error('agentDefaults.responseLanguage')}
        >
          <input
            id="settings-language"
            required
            value={responseLanguage}
            onInput={(event) => setResponseLanguage(event.currentTarget.value)}
          />
        </Field>
      </fieldset>
      <FormError error={action.error} />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={action.pending}>
          {action.pending ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </ActionForm>
  );
}
