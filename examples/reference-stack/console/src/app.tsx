import { useEffect } from 'preact/hooks';
import { ErrorBoundary, LocationProvider, lazy, Route, Router, useLocation } from 'preact-iso';
import { AppShell } from './components/app-shell.js';
import { LoadingState } from './components/loading-state.js';
import { PageHeader } from './components/page-header.js';
import { NotFoundScreen } from './screens/not-found-screen.js';
import { PasswordChangeRequiredScreen } from './screens/password-change-required-screen.js';
import { SignInScreen } from './screens/sign-in-screen.js';
import { homeOf, mayVisit } from './session/permissions.js';
import { SessionProvider, useSession, useSignedIn } from './session/session-context.js';

// Every screen is its own chunk: the first load carries only the shell and the sign-in page.
const DashboardScreen = lazy(() => import('./screens/dashboard/dashboard-screen.js'));
const OrganizationScreen = lazy(() => import('./screens/organization/organization-screen.js'));
const AgentFactoryScreen = lazy(() => import('./screens/agent-factory/agent-factory-screen.js'));
const PlaygroundScreen = lazy(() => import('./screens/playground/playground-screen.js'));
const SecurityScreen = lazy(() => import('./screens/security/security-screen.js'));
const KnowledgeScreen = lazy(() => import('./screens/knowledge/knowledge-screen.js'));
const SkillsScreen = lazy(() => import('./screens/skills/skills-screen.js'));
const ChannelsScreen = lazy(() => import('./screens/channels/channels-screen.js'));
const AuditScreen = lazy(() => import('./screens/audit/audit-screen.js'));
const UsageScreen = lazy(() => import('./screens/usage/usage-screen.js'));
const SettingsScreen = lazy(() => import('./screens/settings/settings-screen.js'));
const ChatScreen = lazy(() => import('./screens/portal/chat-screen.js'));
const ProfileScreen = lazy(() => import('./screens/portal/profile-screen.js'));
const MySkillsScreen = lazy(() => import('./screens/portal/my-skills-screen.js'));
const ConnectScreen = lazy(() => import('./screens/portal/connect-screen.js'));
const MyUsageScreen = lazy(() => import('./screens/portal/my-usage-screen.js'));

function Home() {
  const { me } = useSignedIn();
  const { route } = useLocation();
  useEffect(() => route(homeOf(me.role), true), [me.role, route]);
  return <LoadingState label="your start page" />;
}

function NotAllowed() {
  return (
    <>
      <PageHeader title="Not available to you" />
      <p>
        This page is for administrators. <a href="/">Go to your start page</a>.
      </p>
    </>
  );
}

function SignedInApp() {
  const { me } = useSignedIn();
  const { path } = useLocation();
  return (
    <AppShell>
      {mayVisit(me.role, path) ? (
        <ErrorBoundary>
          <Router>
            <Route path="/" component={Home} />
            <Route path="/dashboard" component={DashboardScreen} />
            <Route path="/organization" component={OrganizationScreen} />
            <Route path="/agents" component={AgentFactoryScreen} />
            <Route path="/playground" component={PlaygroundScreen} />
            <Route path="/security" component={SecurityScreen} />
            <Route path="/knowledge" component={KnowledgeScreen} />
            <Route path="/skills" component={SkillsScreen} />
            <Route path="/channels" component={ChannelsScreen} />
            <Route path="/audit" component={AuditScreen} />
            <Route path="/usage" component={UsageScreen} />
            <Route path="/settings" component={SettingsScreen} />
            <Route path="/chat" component={ChatScreen} />
            <Route path="/profile" component={ProfileScreen} />
            <Route path="/my-skills" component={MySkillsScreen} />
            <Route path="/connect" component={ConnectScreen} />
            <Route path="/my-usage" component={MyUsageScreen} />
            <Route default component={NotFoundScreen} />
          </Router>
        </ErrorBoundary>
      ) : (
        <NotAllowed />
      )}
    </AppShell>
  );
}

function Gate() {
  const { state } = useSession();
  if (state.status === 'checking') {
    return (
      <main id="main" class="sign-in">
        <LoadingState label="your session" />
      </main>
    );
  }
  if (state.status === 'signed-out') return <SignInScreen reason={state.reason} />;
  if (state.me.mustChangePassword) return <PasswordChangeRequiredScreen />;
  return <SignedInApp />;
}

export function App() {
  return (
    <LocationProvider>
      <SessionProvider>
        <Gate />
      </SessionProvider>
    </LocationProvider>
  );
}
