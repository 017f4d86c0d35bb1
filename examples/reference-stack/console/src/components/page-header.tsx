import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useDocumentTitle } from '../hooks/use-document-title.js';

/** Pages shown in this document so far: the first one leaves focus alone (the skip link comes first). */
let pagesShown = 0;

/**
 * The page title. After navigating, it takes focus, so keyboard and screen-reader users land on
 * the new page instead of staying on the old link.
 */
export function PageHeader(props: {
  title: string;
  description?: ComponentChildren;
  children?: ComponentChildren;
}) {
  useDocumentTitle(props.title);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    pagesShown += 1;
    if (pagesShown > 1) heading.current?.focus({ preventScroll: true });
  }, []);
  return (
    <header class="page-header">
      <div>
        <h1 tabIndex={-1} ref={heading}>
          {props.title}
        </h1>
        {props.description ? <p class="page-description">{props.description}</p> : null}
      </div>
      {props.children ? <div class="page-actions">{props.children}</div> : null}
    </header>
  );
}
