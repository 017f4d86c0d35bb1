// @vitest-environment happy-dom
import { screen } from '@testing-library/dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, click, render } from '../../test/support/render.js';
import { ApiError } from '../api/api-error.js';
import { AsyncContent } from './async-content.js';

afterEach(cleanup);

describe('AsyncContent', () => {
  const show = (items: string[]) => <p>{items.join(', ')}</p>;

  it('says what is loading', () => {
    render(
      <AsyncContent
        resource={{ status: 'loading', data: undefined, error: undefined }}
        what="employees"
      >
        {show}
      </AsyncContent>,
    );
    expect(screen.getByRole('status').textContent).toContain('Loading employees');
  });

  it('says what failed and why, with a retry', () => {
    const retry = vi.fn();
    render(
      <AsyncContent
        resource={{
          status: 'error',
          data: undefined,
          error: new ApiError(403, 'forbidden', 'agent:list is limited'),
        }}
        what="agents"
        onRetry={retry}
      >
        {show}
      </AsyncContent>,
    );
    expect(screen.getByRole('alert').textContent).toContain('Could not load agents.');
    expect(screen.getByRole('alert').textContent).toContain(
      'You do not have access to this: agent:list is limited.',
    );
    click(screen.getByRole('button', { name: 'Try again' }));
    expect(retry).toHaveBeenCalledOnce();
  });

  it('shows the empty state, the data, and keeps old data while reloading', () => {
    const { rerender } = render(
      <AsyncContent
        resource={{ status: 'ready', data: [], error: undefined }}
        what="budgets"
        isEmpty={(items) => items.length === 0}
      >
        {show}
      </AsyncContent>,
    );
    expect(screen.getByText('No budgets yet.')).toBeTruthy();
    rerender(
      <AsyncContent
        resource={{ status: 'loading', data: ['Finance'], error: undefined }}
        what="budgets"
      >
        {show}
      </AsyncContent>,
    );
    expect(screen.getByText('Finance')).toBeTruthy();
  });
});
