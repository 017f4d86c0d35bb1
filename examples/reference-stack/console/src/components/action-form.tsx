import type { ComponentChildren } from 'preact';
import type { Action } from '../hooks/use-action.js';

/** A form whose submit runs an action (see `useAction`) instead of navigating. */
export function ActionForm(props: {
  action: Pick<Action<[], unknown>, 'run'>;
  class: string;
  children: ComponentChildren;
}) {
  return (
    <form
      class={props.class}
      onSubmit={(event) => {
        event.preventDefault();
        void props.action.run();
      }}
    >
      {props.children}
    </form>
  );
}
