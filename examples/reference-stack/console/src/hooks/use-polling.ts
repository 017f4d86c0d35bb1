import { useEffect, useRef } from 'preact/hooks';

/** Calls `tick` every `intervalMs` while `active`; stops when inactive or unmounted. */
export function usePolling(tick: () => void, intervalMs: number, active: boolean): void {
  const tickRef = useRef(tick);
  tickRef.current = tick;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => tickRef.current(), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, active]);
}
