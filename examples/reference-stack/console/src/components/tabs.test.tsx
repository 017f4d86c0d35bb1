// @vitest-environment happy-dom
import { screen } from '@testing-library/dom';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, keyDown, render } from '../../test/support/render.js';
import { Tabs } from './tabs.js';

function Example() {
  const [selected, setSelected] = useState('one');
  return (
    <Tabs
      label="Example"
      tabs={[
        { id: 'one', label: 'One' },
        { id: 'two', label: 'Two' },
        { id: 'three', label: 'Three' },
      ]}
      selected={selected}
      onSelect={setSelected}
    >
      <p>Panel {selected}</p>
    </Tabs>
  );
}

afterEach(cleanup);

describe('Tabs', () => {
  it('moves with the arrow keys, Home and End, and keeps only the selected tab in the tab order', () => {
    render(<Example />);
    const one = screen.getByRole('tab', { name: 'One' });
    keyDown(one, 'ArrowRight');
    expect(screen.getByRole('tab', { name: 'Two' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByText('Panel two')).toBeTruthy();
    expect(document.activeElement?.textContent).toBe('Two');
    keyDown(screen.getByRole('tab', { name: 'Two' }), 'End');
    expect(screen.getByRole('tabpanel').textContent).toBe('Panel three');
    keyDown(screen.getByRole('tab', { name: 'Three' }), 'ArrowRight');
    expect(screen.getByRole('tabpanel').textContent).toBe('Panel one');
    expect(screen.getAllByRole('tab').map((tab) => tab.getAttribute('tabindex'))).toEqual([
      '0',
      '-1',
      '-1',
    ]);
  });
});
