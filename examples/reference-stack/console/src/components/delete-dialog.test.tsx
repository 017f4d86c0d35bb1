// @vitest-environment happy-dom
import { screen, waitFor } from '@testing-library/dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, click, render } from '../../test/support/render.js';
import { ApiError } from '../api/api-error.js';
import { DeleteDialog } from './delete-dialog.js';

afterEach(cleanup);

describe('DeleteDialog', () => {
  it('never cascades at first; lists what else would go and asks before deleting everything', async () => {
    const blockers = {
      departments: ['smb-sales'],
      positions: ['pos-account-executive'],
      employees: ['emp-tom'],
    };
    const onDelete = vi
      .fn<(force: boolean) => Promise<unknown>>()
      .mockRejectedValueOnce(
        new ApiError(409, 'in_use', 'department sales still has …', { blockers }),
      )
      .mockResolvedValueOnce({ removed: {} });
    const onDone = vi.fn();
    render(
      <DeleteDialog
        open
        what="the department Sales"
        onDelete={onDelete}
        onDone={onDone}
        onCancel={() => {}}
        nameOf={(_kind, id) => id.toUpperCase()}
      />,
    );
    click(screen.getByRole('button', { name: 'Delete' }));
    await screen.findByText('Deleting the department Sales also deletes:');
    expect(onDelete).toHaveBeenLastCalledWith(false);
    expect(screen.getByText(/Employees .*: EMP-TOM/)).toBeTruthy();
    const everything = screen.getByRole('button', {
      name: 'Delete everything',
    }) as HTMLButtonElement;
    expect(everything.disabled).toBe(true);
    click(screen.getByRole('checkbox'));
    expect(everything.disabled).toBe(false);
    click(everything);
    await waitFor(() => expect(onDone).toHaveBeenCalledOnce());
    expect(onDelete).toHaveBeenLastCalledWith(true);
  });
});
