import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { navigationFor } from '../session/permissions.js';
import { useSession, useSignedIn } from '../session/session-context.js';
import { Navigation } from './navigation.js';

const ROLE_NAMES = { admin: 'Administrator', manager: 'Manager', employee: 'Employee' } as const;

/** The frame of every signed-in page: skip link, header, navigation and the main region. */
export function AppShell(props: { children: ComponentChildren }) {
  const { me } = useSignedIn();
  const { signOut } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  return (
    <div class="app">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="app-header">
        <button
          type="button"
          class="button menu-button"
          aria-expanded={menuOpen}
          aria-controls="main-navigation"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </button>
        <a class="brand" href="/">
          Clawforce
        </a>
        <div class="account">
          <span class="account-name">
            {me.employee.name}
            <span class="account-role"> · {ROLE_NAMES[me.role]}</span>
          </span>
          <button
            type="button"
            class="button"
            disabled={signingOut}
            onClick={() => {
              setSigningOut(true);
              void signOut();
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <div class="app-body">
        <Navigation
          id="main-navigation"
          sections={navigationFor(me.role)}
          open={menuOpen}
          onNavigate={() => setMenuOpen(false)}
        />
        <main id="main" class="main" tabIndex={-1}>
          {props.children}
        </main>
      </div>
    </div>
  );
}
