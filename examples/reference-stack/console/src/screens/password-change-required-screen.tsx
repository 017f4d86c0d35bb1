import { useDocumentTitle } from '../hooks/use-document-title.js';
import { useSession } from '../session/session-context.js';
import { ChangePasswordForm } from './change-password-form.js';

/** Shown after signing in with an initial password that must be changed first. */
export function PasswordChangeRequiredScreen() {
  useDocumentTitle('Change your password');
  const { reload, signOut } = useSession();
  return (
    <main class="sign-in" id="main">
      <div class="sign-in-card">
        <h1>Choose a new password</h1>
        <p>Your administrator set your password. Choose your own before you continue.</p>
        <ChangePasswordForm onChanged={() => void reload()} />
        <button type="button" class="button-link" onClick={() => void signOut()}>
          Sign out instead
        </button>
      </div>
    </main>
  );
}
