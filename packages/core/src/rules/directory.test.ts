import { describe, expect, it } from 'vitest';
import type { Employee, Position } from '../schemas/organization.js';
import { renderCompanyDirectory } from './directory.js';

const stamp = '2026-11-02T09:00:00.000Z';
const person = (
  id: string,
  name: string,
  departmentId: string,
  positionId: string,
  extra: Partial<Employee> = {},
): Employee => ({
  id,
  employeeNumber: id.toUpperCase(),
  name,
  email: `${id.slice(4)}@acme.example`,
  role: 'employee',
  departmentId,
  positionId,
  status: 'active',
  flags: [],
  preferences: '',
  createdAt: stamp,
  updatedAt: stamp,
  ...extra,
});
const position = (
  id: string,
  name: string,
  departmentId: string,
  description: string,
  defaultSkills: string[] = [],
): Position => ({
  id,
  name,
  departmentId,
  description,
  toolPolicy: {},
  defaultSkills,
  imChannels: [],
  createdAt: stamp,
  updatedAt: stamp,
});

describe('renderCompanyDirectory', () => {
  const markdown = renderCompanyDirectory({
    organization: { name: 'ACME Corp' },
    departments: [
      {
        id: 'engineering',
        name: 'Engineering',
        parentId: null,
        createdAt: stamp,
        updatedAt: stamp,
      },
      {
        id: 'backend',
        name: 'Backend',
        parentId: 'engineering',
        createdAt: stamp,
        updatedAt: stamp,
      },
      { id: 'finance', name: 'Finance', parentId: null, createdAt: stamp, updatedAt: stamp },
    ],
    positions: [
      position('pos-sde', 'Software Engineer', 'backend', 'Builds and reviews backend services', [
        'code-review',
      ]),
      position('pos-fa', 'Finance Analyst', 'finance', 'Budgets | forecasts'),
    ],
    employees: [
      person('emp-ryan', 'Ryan Park', 'backend', 'pos-sde'),
      person('emp-nathan', 'Nathan Brooks', 'backend', 'pos-sde', { role: 'manager' }),
      person('emp-carol', 'Carol Zhang', 'finance', 'pos-fa'),
      person('emp-gone', 'Gone Person', 'finance', 'pos-fa', { status: 'suspended' }),
    ],
    skills: [{ name: 'code-review', description: 'Reviews pull requests against our standards' }],
    channelsByEmployee: new Map([['emp-ryan', ['telegram', 'discord']]]),
  });

  it('groups people by department in tree order with how to reach them and what their agent does', () => {
    expect(markdown).toContain('# ACME Corp company directory');
    expect(markdown.indexOf('## Engineering')).toBeLessThan(
      markdown.indexOf('### Engineering / Backend'),
    );
    expect(markdown.indexOf('### Engineering / Backend')).toBeLessThan(
      markdown.indexOf('## Finance'),
    );
    expect(markdown).toContain(
      '| Ryan Park | Software Engineer | ryan@acme.example · Telegram · Discord | Builds and reviews backend services; Reviews pull requests against our standards |',
    );
    expect(markdown).toContain('| Nathan Brooks (manager) |');
    expect(markdown.indexOf('Nathan Brooks')).toBeLessThan(markdown.indexOf('Ryan Park'));
  });

  it('escapes table pipes, marks empty departments and leaves suspended people out', () => {
    expect(markdown).toContain('Budgets \\| forecasts');
    expect(markdown).toMatch(/## Engineering\n\n_No one listed._/);
    expect(markdown).not.toContain('Gone Person');
  });
});
