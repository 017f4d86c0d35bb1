import { useState } from 'preact/hooks';
import { updatePosition } from '../../api/organization.js';
import type { ExecMode, Position } from '../../api/types.js';
import { ActionForm } from '../../components/action-form.js';
import { Field, fieldError } from '../../components/field.js';
import { FormError } from '../../components/form-error.js';
import { useAction } from '../../hooks/use-action.js';
import { draftOfPolicy, policyOfDraft, type ToolPolicyDraft } from './tool-policy.js';

/** A position's tool policy. The runtime's and the organization's ceilings still apply on top. */
export function ToolPolicyForm(props: { position: Position; onSaved: () => void }) {
  const [draft, setDraft] = useState<ToolPolicyDraft>(() =>
    draftOfPolicy(props.position.toolPolicy),
  );
  const action = useAction(async () => {
    await updatePosition(props.position.id, { toolPolicy: policyOfDraft(draft) });
    props.onSaved();
  });
  const set = (field: keyof ToolPolicyDraft) => (event: { currentTarget: { value: string } }) =>
    setDraft((current) => ({ ...current, [field]: event.currentTarget.value }));
  return (
    <ActionForm class="form" action={action}>
      <Field
        id="policy-exec"
        label="Shell (exec tool)"
        error={fieldError(action.error, 'toolPolicy.exec')}
      >
        <select
          id="policy-exec"
          value={draft.exec}
          onChange={(event) =>
            setDraft((current) => ({
              ...current,
              exec: event.currentTarget.value as '' | ExecMode,
            }))
          }
        >
          <option value="">Inherit from the runtime</option>
          <option value="deny">No shell</option>
          <option value="allowlist">Allowlisted commands only</option>
          <option value="full">Full shell</option>
        </select>
      </Field>
      {draft.exec === 'allowlist' ? (
        <Field
          id="policy-allowlist"
          label="Allowed commands (one path a line)"
          error={fieldError(action.error, 'toolPolicy.execAllowlist')}
        >
          <textarea
            id="policy-allowlist"
            class="mono"
            rows={5}
            value={draft.execAllowlist}
            onInput={set('execAllowlist')}
          />
        </Field>
      ) : null}
      <Field
        id="policy-allow"
        label="Only these tools (comma-separated; empty: every tool the ceilings allow)"
        error={fieldError(action.error, 'toolPolicy.allow')}
      >
        <input id="policy-allow" class="mono" value={draft.allow} onInput={set('allow')} />
      </Field>
      <Field
        id="policy-deny"
        label="Never these tools (comma-separated)"
        error={fieldError(action.error, 'toolPolicy.deny')}
      >
        <input id="policy-deny" class="mono" value={draft.deny} onInput={set('deny')} />
      </Field>
      <FormError error={action.error} />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={action.pending}>
          {action.pending ? 'Saving…' : 'Save tool policy'}
        </button>
      </div>
    </ActionForm>
  );
}
