import { describe, expect, it } from 'vitest';
import { capabilitiesOf, homeOf, mayVisit, navigationFor } from './permissions.js';

const links = (role: 'admin' | 'manager' | 'employee') =>
  navigationFor(role).flatMap((section) => section.items.map((item) => item.href));

describe('navigation by role', () => {
  it('gives admins every view, managers all but Settings, employees the portal', () => {
    expect(links('admin')).toContain('/settings');
    expect(links('manager')).toContain('/organization');
    expect(links('manager')).not.toContain('/settings');
    expect(links('employee')).toEqual(['/chat', '/profile', '/my-skills', '/connect', '/my-usage']);
  });

  it('keeps people out of views that are not theirs, and lands them at home', () => {
    expect(mayVisit('employee', '/organization')).toBe(false);
    expect(mayVisit('employee', '/chat')).toBe(true);
    expect(mayVisit('manager', '/settings')).toBe(false);
    expect(mayVisit('manager', '/audit')).toBe(true);
    expect(mayVisit('employee', '/no-such-page')).toBe(true);
    expect(homeOf('employee')).toBe('/chat');
    expect(homeOf('manager')).toBe('/dashboard');
  });

  it('offers changes only where the API allows them', () => {
    expect(capabilitiesOf('admin')).toMatchObject({ manageStructure: true, editSettings: true });
    expect(capabilitiesOf('manager')).toMatchObject({
      administration: true,
      manageStructure: false,
      exportAudit: false,
      editSettings: false,
    });
    expect(capabilitiesOf('employee').administration).toBe(false);
  });
});
