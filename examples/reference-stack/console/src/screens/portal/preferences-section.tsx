import { useState } from 'preact/hooks';
import { updateProfile } from '../../api/portal.js';
import { Field, fieldError } from '../../components/field.js';
import { FormError } from '../../components/form-error.js';
import { Notice, useNotice } from '../../components/notice.js';
import { useAction } from '../../hooks/use-action.js';
import { useSession, useSignedIn } from '../../session/session-context.js';

/** The display name and the preferences that become the agent's USER.md. */
export function PreferencesSection() {
  const { me } = useSignedIn();
  const { replaceEmployee } = useSession();
  const [name, setName] = useState(me.employee.name);
  const [preferences, setPreferences] = useState(me.employee.preferences);
  const [notice, showNotice] = useNotice();
  const action = useAction(updateProfile);
  const submit = async (event: Event) => {
    event.preventDefault();
    const updated = await action.run({ name: name.trim(), preferences });
    if (updated) {
      replaceEmployee(updated);
      showNotice('Saved. Your agent reads the new preferences in its next session.');
    }
  };
  return (
    <section class="panel" aria-labelledby="preferences-title">
      <h2 id="preferences-title">Preferences</h2>
      <form class="form" onSubmit={submit}>
        <Field id="profile-name" label="Display name" error={fieldError(action.error, 'name')}>
          <input
            id="profile-name"
            required
            maxLength={200}
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </Field>
        <Field
          id="profile-preferences"
          label="What your agent should know about how you work (USER.md)"
          hint="For example: the language you prefer, how long answers should be, what you own."
          error={fieldError(action.error, 'preferences')}
        >
          <textarea
            id="profile-preferences"
            rows={6}
            value={preferences}
            aria-describedby="profile-preferences-hint"
            onInput={(event) => setPreferences(event.currentTarget.value)}
          />
        </Field>
        <FormError error={action.error} />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={action.pending}>
            {action.pending ? 'Saving…' : 'Save preferences'}
          </button>
          <Notice message={notice} />
        </div>
      </form>
    </section>
  );
}
