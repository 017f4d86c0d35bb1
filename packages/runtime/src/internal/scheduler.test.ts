import { isClawforceError } from '@clawforce/core';
import { describe, expect, it } from 'vitest';
import { TurnScheduler } from './scheduler.js';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
};

describe('TurnScheduler', () => {
  it('runs one session in arrival order and sessions in parallel up to the limit', async () => {
    const scheduler = new TurnScheduler({ maxConcurrentSessions: 2, maxQueuedTurns: 10 });
    const log: string[] = [];
    const gates = new Map<string, ReturnType<typeof deferred>>();
    const turn = (session: string, name: string) => {
      const gate = deferred();
      gates.set(name, gate);
      return scheduler.run(session, async () => {
        log.push(`start ${name}`);
        await gate.promise;
        log.push(`end ${name}`);
        return name;
      });
    };
    const results = [turn('a', 'a1'), turn('a', 'a2'), turn('b', 'b1'), turn('c', 'c1')];
    await Promise.resolve();
    expect(log).toEqual(['start a1', 'start b1']);
    expect(scheduler.stats()).toEqual({ runningSessions: 2, queuedTurns: 2 });
    gates.get('a1')?.resolve();
    await results[0];
    await new Promise((resolve) => setTimeout(resolve, 0));
    // a2 waited behind a1 and is older than c1 in the queue, so it takes the freed slot.
    expect(log).toContain('start a2');
    expect(log).not.toContain('start c1');
    gates.get('b1')?.resolve();
    await results[2];
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(log).toContain('start c1');
    gates.get('c1')?.resolve();
    gates.get('a2')?.resolve();
    expect(await Promise.all(results)).toEqual(['a1', 'a2', 'b1', 'c1']);
    expect(scheduler.busy).toBe(false);
  });

  it('refuses a turn with busy when the queue is full, and says so clearly', async () => {
    const scheduler = new TurnScheduler({ maxConcurrentSessions: 1, maxQueuedTurns: 1 });
    const gate = deferred();
    const running = scheduler.run('a', () => gate.promise);
    const queued = scheduler.run('b', async () => 'b');
    const refused = scheduler.run('c', async () => 'c');
    await expect(refused).rejects.toSatisfy(
      (error) => isClawforceError(error, 'busy') && /busy/.test((error as Error).message),
    );
    gate.resolve();
    await running;
    expect(await queued).toBe('b');
  });

  it('passes the waiting time, propagates failures and keeps going after one', async () => {
    const scheduler = new TurnScheduler({ maxConcurrentSessions: 1, maxQueuedTurns: 5 });
    const failed = scheduler.run('a', async () => {
      throw new Error('boom');
    });
    const waited = scheduler.run('a', async (waitedMs) => waitedMs);
    await expect(failed).rejects.toThrow('boom');
    expect(await waited).toBeGreaterThanOrEqual(0);
  });

  it('refuses new turns once closed and validates its limits', async () => {
    const scheduler = new TurnScheduler({ maxConcurrentSessions: 1, maxQueuedTurns: 0 });
    scheduler.close();
    await expect(scheduler.run('a', async () => 1)).rejects.toMatchObject({
      code: 'runtime_closed',
    });
    expect(() => new TurnScheduler({ maxConcurrentSessions: 0, maxQueuedTurns: 1 })).toThrow(
      /maxConcurrentSessions/,
    );
    expect(() => new TurnScheduler({ maxConcurrentSessions: 1, maxQueuedTurns: -1 })).toThrow(
      /maxQueuedTurns/,
    );
  });
});
