import type { Role } from '../api/types.js';

/**
 * What the console offers each role. The API enforces RBAC on every request (managers see their
 * department subtree only); this decides which screens and buttons to show, so that nobody is
 * offered an action that would be refused.
 */
export interface Capabilities {
  /** Admin and manager screens (dashboard, organization, agents…). */
  readonly administration: boolean;
  /** Create and delete departments, positions and employees. */
  readonly manageStructure: boolean;
  readonly editGlobalSoul: boolean;
  readonly manageSharedAgents: boolean;
  /** Runtimes, guardrails, routing. */
  readonly manageSecurity: boolean;
  readonly manageKnowledge: boolean;
  readonly exportAudit: boolean;
  readonly verifyAudit: boolean;
  readonly managePrices: boolean;
  readonly manageBudgets: boolean;
  readonly editSettings: boolean;
}

export function capabilitiesOf(role: Role): Capabilities {
  const admin = role === 'admin';
  return {
    administration: role !== 'employee',
    manageStructure: admin,
    editGlobalSoul: admin,
    manageSharedAgents: admin,
    manageSecurity: admin,
    manageKnowledge: admin,
    exportAudit: admin,
    verifyAudit: admin,
    managePrices: admin,
    manageBudgets: admin,
    editSettings: admin,
  };
}

export interface NavigationItem {
  readonly href: string;
  readonly label: string;
}

export interface NavigationSection {
  readonly label: string;
  readonly items: readonly NavigationItem[];
}

const PORTAL: NavigationSection = {
  label: 'My workspace',
  items: [
    { href: '/chat', label: 'Chat' },
    { href: '/profile', label: 'My profile' },
    { href: '/my-skills', label: 'My skills' },
    { href: '/connect', label: 'Connect IM' },
    { href: '/my-usage', label: 'My usage' },
  ],
};

/** The navigation of a role: managers get every admin view but Settings; employees the portal. */
export function navigationFor(role: Role): NavigationSection[] {
  if (role === 'employee') return [PORTAL];
  const administration: NavigationItem[] = [
    { href: '/dashboard', label: 'Dashboard' },
    { href: '/organization', label: 'Organization' },
    { href: '/agents', label: 'Agent Factory' },
    { href: '/playground', label: 'Playground' },
    { href: '/security', label: 'Security Center' },
    { href: '/knowledge', label: 'Knowledge' },
    { href: '/skills', label: 'Skills' },
    { href: '/channels', label: 'IM Channels' },
    { href: '/audit', label: 'Audit Center' },
    { href: '/usage', label: 'Usage & Cost' },
  ];
  if (role === 'admin') administration.push({ href: '/settings', label: 'Settings' });
  return [
    { label: role === 'admin' ? 'Administration' : 'My department', items: administration },
    PORTAL,
  ];
}

/** Where a role lands after signing in. */
export function homeOf(role: Role): string {
  return role === 'employee' ? '/chat' : '/dashboard';
}

/** Whether a role may open a path (unknown paths are left to the router's not-found page). */
export function mayVisit(role: Role, path: string): boolean {
  const allowed = navigationFor(role).flatMap((section) => section.items.map((item) => item.href));
  const known = navigationFor('admin').flatMap((section) => section.items.map((item) => item.href));
  const root = `/${path.split('/')[1] ?? ''}`;
  return !known.includes(root) || allowed.includes(root);
}
