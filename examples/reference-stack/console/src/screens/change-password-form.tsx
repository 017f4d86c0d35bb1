import { useState } from 'preact/hooks';
import { changePassword } from '../api/auth.js';
import { Field, fieldError } from '../components/field.js';
import { FormError } from '../components/form-error.js';
import { useAction } from '../hooks/use-action.js';

/** Changes the signed-in employee's password (every other session is signed out). */
export function ChangePasswordForm(props: { onChanged: () => void }) {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const action = useAction(changePassword);
  const mismatch = repeated !== '' && repeated !== newPassword;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (mismatch) return;
    if (await action.run(currentPassword, newPassword)) {
      setCurrentPassword('');
      setNewPassword('');
      setRepeated('');
      props.onChanged();
    }
  };
  return (
    <form class="form" onSubmit={submit}>
      <Field
        id="current-password"
        label="Current password"
        error={fieldError(action.error, 'currentPassword')}
      >
        <input
          id="current-password"
          type="password"
          autocomplete="current-password"
          required
          value={currentPassword}
          onInput={(event) => setCurrentPassword(event.currentTarget.value)}
        />
      </Field>
      <Field
        id="new-password"
        label="New password"
        hint="At least 8 characters."
        error={fieldError(action.error, 'newPassword')}
      >
        <input
          id="new-password"
          type="password"
          autocomplete="new-password"
          required
          minLength={8}
          value={newPassword}
          aria-describedby="new-password-hint"
          onInput={(event) => setNewPassword(event.currentTarget.value)}
        />
      </Field>
      <Field
        id="repeat-password"
        label="Repeat the new password"
        error={mismatch ? 'The two new passwords differ.' : undefined}
      >
        <input
          id="repeat-password"
          type="password"
          autocomplete="new-password"
          required
          value={repeated}
          onInput={(event) => setRepeated(event.currentTarget.value)}
        />
      </Field>
      <FormError error={action.error} />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={action.pending || mismatch}>
          {action.pending ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}
