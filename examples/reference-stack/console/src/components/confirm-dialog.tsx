import type { ComponentChildren } from 'preact';
import { Dialog } from './dialog.js';
import { FormError } from './form-error.js';

/** "Are you sure?" with the consequences spelled out; the confirm button says what it does. */
export function ConfirmDialog(props: {
  title: string;
  open: boolean;
  confirmLabel: string;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onCancel: () => void;
  children: ComponentChildren;
  danger?: boolean;
  /** The confirm button waits for something (a checkbox) besides the pending call. */
  disabled?: boolean;
}) {
  return (
    <Dialog title={props.title} open={props.open} onClose={props.onCancel}>
      {props.children}
      <FormError error={props.error} />
      <div class="form-actions">
        <button
          type="button"
          class={props.danger ? 'button button-danger' : 'button button-primary'}
          disabled={props.pending || props.disabled}
          onClick={props.onConfirm}
        >
          {props.pending ? 'Working…' : props.confirmLabel}
        </button>
        <button type="button" class="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
