import { useCallback, useEffect, useState } from 'preact/hooks';

/** A short confirmation ("Saved.") announced politely, then cleared. */
export function useNotice(durationMs = 4_000): [string, (message: string) => void] {
  const [message, setMessage] = useState('');
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(''), durationMs);
    return () => clearTimeout(timer);
  }, [message, durationMs]);
  const show = useCallback((next: string) => setMessage(next), []);
  return [message, show];
}

export function Notice(props: { message: string }) {
  return (
    <p class="notice" role="status">
      {props.message}
    </p>
  );
}
