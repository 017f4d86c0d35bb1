import type { ComponentChildren } from 'preact';
import type { Resource } from '../hooks/use-resource.js';
import { EmptyState } from './empty-state.js';
import { ErrorState } from './error-state.js';
import { LoadingState } from './loading-state.js';

export interface AsyncContentProps<T> {
  readonly resource: Resource<T>;
  /** What is loaded, for the loading and error messages ("employees"). */
  readonly what: string;
  readonly onRetry?: () => void;
  /** When the loaded data counts as empty; the `empty` content is shown instead. */
  readonly isEmpty?: (data: T) => boolean;
  readonly empty?: ComponentChildren;
  readonly children: (data: T) => ComponentChildren;
}

/**
 * The loading, error, empty and ready states of one piece of data, the same way everywhere.
 * While reloading, the previous data stays on screen.
 */
export function AsyncContent<T>(props: AsyncContentProps<T>) {
  const { resource } = props;
  if (resource.status === 'error') {
    return (
      <ErrorState
        what={props.what}
        error={resource.error}
        {...(props.onRetry ? { onRetry: props.onRetry } : {})}
      />
    );
  }
  if (resource.data === undefined) return <LoadingState label={props.what} />;
  if (props.isEmpty?.(resource.data)) {
    return <>{props.empty ?? <EmptyState title={`No ${props.what} yet.`} />}</>;
  }
  return <>{props.children(resource.data)}</>;
}
