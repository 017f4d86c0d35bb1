import { useEffect } from 'preact/hooks';

/** "Dashboard · Clawforce" in the tab and for screen readers announcing the page. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Clawforce`;
  }, [title]);
}
