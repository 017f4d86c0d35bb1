import { useCallback, useRef, useState } from 'preact/hooks';

export interface Action<A extends unknown[], R> {
  readonly pending: boolean;
  readonly error: unknown;
  /** Runs the action; resolves to its result, or undefined when it failed (see `error`). */
  run(...args: A): Promise<R | undefined>;
  clearError(): void;
}

/** A user-triggered change (save, delete, start): pending while it runs, its error kept for display. */
export function useAction<A extends unknown[], R>(
  perform: (...args: A) => Promise<R>,
): Action<A, R> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const performRef = useRef(perform);
  performRef.current = perform;
  const run = useCallback(async (...args: A) => {
    setPending(true);
    setError(undefined);
    try {
      return await performRef.current(...args);
    } catch (failure) {
      setError(failure);
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);
  const clearError = useCallback(() => setError(undefined), []);
  return { pending, error, run, clearError };
}
