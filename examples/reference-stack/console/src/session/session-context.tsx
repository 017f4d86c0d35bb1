import type { ComponentChildren } from 'preact';
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { fetchMe, signIn as signInRequest, signOut as signOutRequest } from '../api/auth.js';
import { api } from '../api/client.js';
import type { Employee, Me } from '../api/types.js';
import { type Capabilities, capabilitiesOf } from './permissions.js';

/** Remembers that this browser had a session, so a fresh visit does not probe the API for one. */
const SESSION_HINT = 'clawforce.signed-in';
/** Access tokens live 15 minutes; the console renews them before they lapse. */
const DEFAULT_RENEWAL_MS = 10 * 60_000;

export type SessionState =
  | { readonly status: 'checking' }
  | { readonly status: 'signed-out'; readonly reason?: 'expired' | 'signed-out' }
  | { readonly status: 'signed-in'; readonly me: Me; readonly capabilities: Capabilities };

export interface Session {
  readonly state: SessionState;
  signIn(employeeId: string, password: string): Promise<Me>;
  signOut(): Promise<void>;
  /** After the signed-in employee changed (profile, password). */
  reload(): Promise<void>;
  replaceEmployee(employee: Employee): void;
}

const SessionContext = createContext<Session | undefined>(undefined);

function readHint(): boolean {
  try {
    return localStorage.getItem(SESSION_HINT) === '1';
  } catch {
    return false;
  }
}

function writeHint(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(SESSION_HINT, '1');
    else localStorage.removeItem(SESSION_HINT);
  } catch {
    // storage disabled: the console still works, it only probes on the next visit
  }
}

const signedIn = (me: Me): SessionState => ({
  status: 'signed-in',
  me,
  capabilities: capabilitiesOf(me.role),
});

export function SessionProvider(props: { children: ComponentChildren }) {
  const [state, setState] = useState<SessionState>(() =>
    readHint() ? { status: 'checking' } : { status: 'signed-out' },
  );
  const [renewalMs, setRenewalMs] = useState(DEFAULT_RENEWAL_MS);

  useEffect(() => {
    if (state.status !== 'checking') return;
    const controller = new AbortController();
    fetchMe(controller.signal).then(
      (me) => setState(signedIn(me)),
      () => {
        if (controller.signal.aborted) return;
        writeHint(false);
        setState({ status: 'signed-out' });
      },
    );
    return () => controller.abort();
  }, [state.status]);

  useEffect(
    () =>
      api.onSessionEnded(() => {
        writeHint(false);
        setState({ status: 'signed-out', reason: 'expired' });
      }),
    [],
  );

  const isSignedIn = state.status === 'signed-in';
  useEffect(() => {
    if (!isSignedIn) return;
    const timer = setInterval(() => void api.refreshSession(), renewalMs);
    return () => clearInterval(timer);
  }, [isSignedIn, renewalMs]);

  const signIn = useCallback(async (employeeId: string, password: string) => {
    const result = await signInRequest(employeeId, password);
    const lifetime = Date.parse(result.tokens.accessTokenExpiresAt) - Date.now();
    if (Number.isFinite(lifetime)) setRenewalMs(Math.max(30_000, lifetime - 60_000));
    const me = await fetchMe();
    writeHint(true);
    setState(signedIn(me));
    return me;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await signOutRequest();
    } finally {
      writeHint(false);
      setState({ status: 'signed-out', reason: 'signed-out' });
    }
  }, []);

  const reload = useCallback(async () => {
    setState(signedIn(await fetchMe()));
  }, []);

  const replaceEmployee = useCallback((employee: Employee) => {
    setState((current) =>
      current.status === 'signed-in' ? signedIn({ ...current.me, employee }) : current,
    );
  }, []);

  const session = useMemo(
    () => ({ state, signIn, signOut, reload, replaceEmployee }),
    [state, signIn, signOut, reload, replaceEmployee],
  );
  return <SessionContext.Provider value={session}>{props.children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in employee; only for screens rendered behind the sign-in gate. */
export function useSignedIn(): { me: Me; capabilities: Capabilities } {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useSignedIn outside the signed-in app');
  return { me: state.me, capabilities: state.capabilities };
}
