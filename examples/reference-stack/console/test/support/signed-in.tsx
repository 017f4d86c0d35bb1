import type { ComponentChildren } from 'preact';
import { SessionProvider, useSession } from '../../src/session/session-context.js';
import { render } from './render.js';

function WhenSignedIn(props: { children: ComponentChildren }) {
  const { state } = useSession();
  return state.status === 'signed-in' ? props.children : null;
}

/**
 * Renders a screen as the signed-in app would: behind the session (which asks the faked
 * `/api/v1/auth/me` who is signed in). Screens are rendered without the router, whose package
 * Vitest loads as a separate copy of Preact.
 */
export function renderSignedIn(screen: ComponentChildren) {
  localStorage.setItem('clawforce.signed-in', '1');
  return render(
    <SessionProvider>
      <WhenSignedIn>{screen}</WhenSignedIn>
    </SessionProvider>,
  );
}
