import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export type Resource<T> =
  | { readonly status: 'loading'; readonly data: T | undefined; readonly error: undefined }
  | { readonly status: 'ready'; readonly data: T; readonly error: undefined }
  | { readonly status: 'error'; readonly data: T | undefined; readonly error: unknown };

export interface ResourceHandle<T> {
  readonly resource: Resource<T>;
  /** Loads again (after a change, or from an error state's retry button). */
  reload(): void;
  /** Replaces the data after a change the caller already knows the result of. */
  setData(update: (current: T) => T): void;
}

/**
 * Loads data for a screen: loading, ready or error, never a mix of stale answers. A newer load
 * (or unmounting) aborts the one before; the previous data stays visible while reloading.
 */
export function useResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  dependencies: readonly unknown[],
): ResourceHandle<T> {
  const [resource, setResource] = useState<Resource<T>>({
    status: 'loading',
    data: undefined,
    error: undefined,
  });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setResource((current) => ({ status: 'loading', data: current.data, error: undefined }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResource({ status: 'ready', data, error: undefined });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) {
          setResource((current) => ({ status: 'error', data: current.data, error }));
        }
      },
    );
    return () => controller.abort();
  }, [...dependencies, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const setData = useCallback((update: (current: T) => T) => {
    setResource((current) =>
      current.data === undefined
        ? current
        : { status: 'ready', data: update(current.data), error: undefined },
    );
  }, []);
  return { resource, reload, setData };
}
