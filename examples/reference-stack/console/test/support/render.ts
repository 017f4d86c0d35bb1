import { fireEvent } from '@testing-library/dom';
import { type ComponentChild, render as preactRender } from 'preact';
import { act } from 'preact/test-utils';

/**
 * Renders Preact components into the test document. The console's own Preact (resolved by Vite)
 * renders them; `act` flushes effects and state updates before assertions.
 */
const mounted: HTMLElement[] = [];

export function render(tree: ComponentChild) {
  const container = document.createElement('div');
  document.body.append(container);
  mounted.push(container);
  act(() => {
    preactRender(tree, container);
  });
  return {
    container,
    rerender(next: ComponentChild) {
      act(() => {
        preactRender(next, container);
      });
    },
  };
}

/** Unmounts everything rendered so far (call after each test). */
export function cleanup() {
  for (const container of mounted.splice(0)) {
    act(() => {
      preactRender(null, container);
    });
    container.remove();
  }
}

export function click(element: Element) {
  act(() => {
    fireEvent.click(element);
  });
}

export function keyDown(element: Element, key: string) {
  act(() => {
    fireEvent.keyDown(element, { key });
  });
}

/** Types into an input or textarea the way Preact's onInput sees it. */
export function typeInto(element: Element, value: string) {
  act(() => {
    fireEvent.input(element, { target: { value } });
  });
}
