/** A clock for tests: starts at a fixed instant and only moves when told. */
export interface TestClock {
  now(): number;
  advance(milliseconds: number): void;
  set(epochMilliseconds: number): void;
}

export function createTestClock(start = Date.parse('2026-11-02T09:00:00.000Z')): TestClock {
  let current = start;
  return {
    now: () => current,
    advance: (milliseconds) => {
      current += milliseconds;
    },
    set: (epochMilliseconds) => {
      current = epochMilliseconds;
    },
  };
}
