import { useState } from 'preact/hooks';
import { createPosition, updatePosition } from '../../api/organization.js';
import { CHANNELS, type Channel, type Position } from '../../api/types.js';
import { ActionForm } from '../../components/action-form.js';
import { Field, fieldError } from '../../components/field.js';
import { FormError } from '../../components/form-error.js';
import { toIdentifier } from '../../format/identifiers.js';
import { useAction } from '../../hooks/use-action.js';
import type { Directory } from '../../hooks/use-directory.js';
import { CHANNEL_NAMES } from '../portal/pairing-card.js';

/** Creates a position, or changes one: name, department, description and IM channels. */
export function PositionForm(props: {
  directory: Directory;
  position?: Position;
  onSaved: () => void;
}) {
  const editing = props.position;
  const [name, setName] = useState(editing?.name ?? '');
  const [id, setId] = useState(editing?.id ?? '');
  const [idEdited, setIdEdited] = useState(false);
  const [departmentId, setDepartmentId] = useState(
    editing?.departmentId ?? props.directory.departments[0]?.id ?? '',
  );
  const [description, setDescription] = useState(editing?.description ?? '');
  const [channels, setChannels] = useState<readonly Channel[]>(editing?.imChannels ?? []);
  const toggle = (channel: Channel, on: boolean) =>
    setChannels((current) =>
      on
        ? CHANNELS.filter((option) => option === channel || current.includes(option))
        : current.filter((option) => option !== channel),
    );
  const action = useAction(async () => {
    if (editing) {
      await updatePosition(editing.id, {
        name: name.trim(),
        departmentId,
        description: description.trim() || null,
        imChannels: channels,
      });
    } else {
      await createPosition({
        id,
        name: name.trim(),
        departmentId,
        imChannels: channels,
        ...(description.trim() ? { description: description.trim() } : {}),
      });
    }
    props.onSaved();
  });
  return (
    <ActionForm class="form" action={action}>
      <Field id="position-name" label="Name" error={fieldError(action.error, 'name')}>
        <input
          id="position-name"
          required
          value={name}
          onInput={(event) => {
            setName(event.currentTarget.value);
            if (!editing && !idEdited) setId(toIdentifier(event.currentTarget.value, 'pos-'));
          }}
        />
      </Field>
      {editing ? null : (
        <Field id="position-id" label="Id" error={fieldError(action.error, 'id')}>
          <input
            id="position-id"
            required
            value={id}
            onInput={(event) => {
              setIdEdited(true);
              setId(event.currentTarget.value);
            }}
          />
        </Field>
      )}
      <Field
        id="position-department"
        label="Department"
        error={fieldError(action.error, 'departmentId')}
      >
        <select
          id="position-department"
          value={departmentId}
          onChange={(event) => setDepartmentId(event.currentTarget.value)}
        >
          {props.directory.departments.map((department) => (
            <option key={department.id} value={department.id}>
              {department.name}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id="position-description"
        label="Description"
        error={fieldError(action.error, 'description')}
      >
        <textarea
          id="position-description"
          rows={3}
          value={description}
          onInput={(event) => setDescription(event.currentTarget.value)}
        />
      </Field>
      <fieldset class="choice-group">
        <legend>IM channels people in this position may connect</legend>
        {CHANNELS.map((channel) => (
          <label key={channel} class="choice">
            <input
              type="checkbox"
              checked={channels.includes(channel)}
              onChange={(event) => toggle(channel, event.currentTarget.checked)}
            />
            {CHANNEL_NAMES[channel]}
          </label>
        ))}
      </fieldset>
      <FormError error={action.error} />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={action.pending}>
          {action.pending ? 'Saving…' : editing ? 'Save position' : 'Create position'}
        </button>
      </div>
    </ActionForm>
  );
}
