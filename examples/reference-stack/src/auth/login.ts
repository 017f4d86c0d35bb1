import { type AuditLog, ClawforceError, type Employee, isId, type OrgStore } from '@clawforce/core';
import { RateLimiter, type RateLimitRule } from '../http/rate-limiter.js';
import type { CredentialStore } from './credentials.js';
import { hashPassword, type PasswordHash, verifyPassword } from './passwords.js';
import type { IssuedTokens, SessionService } from './sessions.js';

export interface LoginLimits {
  /** Failed sign-ins per employee id. Default 5 per 15 minutes. */
  readonly perEmployee: RateLimitRule;
  /** Failed sign-ins per client address. Default 20 per 15 minutes. */
  readonly perAddress: RateLimitRule;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perEmployee: { limit: 5, windowMs: 15 * 60_000 },
  perAddress: { limit: 20, windowMs: 15 * 60_000 },
};

export interface LoginResult {
  readonly employee: Employee;
  readonly tokens: IssuedTokens;
  readonly mustChangePassword: boolean;
}

export interface LoginService {
  login(input: { employeeId: string; password: string; address: string }): Promise<LoginResult>;
}

/** One message for every failure, so that it never tells which ids exist. */
const WRONG = 'the employee id or the password is wrong';

export function createLoginService(options: {
  readonly org: OrgStore;
  readonly audit: AuditLog;
  readonly credentials: CredentialStore;
  readonly sessions: SessionService;
  readonly limits?: LoginLimits;
  readonly now?: () => number;
}): LoginService {
  const limits = options.limits ?? DEFAULT_LOGIN_LIMITS;
  const clock = options.now ? { now: options.now } : {};
  const byEmployee = new RateLimiter(limits.perEmployee, clock);
  const byAddress = new RateLimiter(limits.perAddress, clock);
  // Unknown ids are checked against a throwaway hash, so they take as long as known ones.
  let decoy: Promise<PasswordHash> | undefined;

  const refuse = (retryAfterMs: number) =>
    new ClawforceError('rate_limited', 'too many failed sign-ins; try again later', {
      retryAfterSeconds: Math.ceil(retryAfterMs / 1_000),
    });

  return {
    async login({ employeeId, password, address }) {
      const employeeKey = employeeId.toLowerCase();
      for (const decision of [byAddress.check(address), byEmployee.check(employeeKey)]) {
        if (!decision.allowed) throw refuse(decision.retryAfterMs);
      }
      const employee = isId(employeeId) ? await options.org.getEmployee(employeeId) : undefined;
      const record =
        employee && employee.status === 'active'
          ? await options.credentials.get(employee)
          : undefined;
      let matches = false;
      if (record?.password) {
        matches = await verifyPassword(password, record.password);
      } else {
        decoy ??= hashPassword('decoy password that never matches');
        await verifyPassword(password, await decoy);
      }
      if (!employee || !record || !matches) {
        byAddress.hit(address);
        byEmployee.hit(employeeKey);
        throw new ClawforceError('unauthorized', WRONG);
      }
      byEmployee.reset(employeeKey);
      const tokens = await options.sessions.issue(employee.id, record.tokenVersion);
      await options.audit.append({
        type: 'auth.login',
        actor: { kind: 'employee', id: employee.id },
        employeeId: employee.id,
        departmentId: employee.departmentId,
        summary: `${employee.name} signed in`,
      });
      return { employee, tokens, mustChangePassword: record.mustChange };
    },
  };
}
