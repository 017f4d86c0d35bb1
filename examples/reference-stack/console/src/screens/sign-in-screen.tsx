import { useState } from 'preact/hooks';
import { isApiError } from '../api/api-error.js';
import { Field } from '../components/field.js';
import { FormError } from '../components/form-error.js';
import { useAction } from '../hooks/use-action.js';
import { useDocumentTitle } from '../hooks/use-document-title.js';
import { useSession } from '../session/session-context.js';

/** Sign in with the employee id and password (the session is an httpOnly cookie). */
export function SignInScreen(props: { reason?: 'expired' | 'signed-out' | undefined }) {
  useDocumentTitle('Sign in');
  const { signIn } = useSession();
  const [employeeId, setEmployeeId] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction(signIn);
  const submit = (event: Event) => {
    event.preventDefault();
    void action.run(employeeId.trim(), password);
  };
  const wrongCredentials = isApiError(action.error, 'unauthorized');
  return (
    <main class="sign-in" id="main">
      <form class="sign-in-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Clawforce</h1>
        {props.reason === 'expired' ? (
          <p class="notice" role="status">
            Your session ended. Sign in again to continue.
          </p>
        ) : null}
        <Field id="employee-id" label="Employee id" hint="For example emp-carol">
          <input
            id="employee-id"
            name="username"
            autocomplete="username"
            required
            value={employeeId}
            aria-describedby="employee-id-hint"
            onInput={(event) => setEmployeeId(event.currentTarget.value)}
          />
        </Field>
        <Field id="password" label="Password">
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
        </Field>
        {wrongCredentials ? (
          <p class="form-error" role="alert">
            The employee id or the password is wrong.
          </p>
        ) : (
          <FormError error={action.error} />
        )}
        <button type="submit" class="button button-primary" disabled={action.pending}>
          {action.pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
