import { useState } from 'preact/hooks';
import { createDepartment, updateDepartment } from '../../api/organization.js';
import type { Department } from '../../api/types.js';
import { ActionForm } from '../../components/action-form.js';
import { Field, fieldError } from '../../components/field.js';
import { FormError } from '../../components/form-error.js';
import { toIdentifier } from '../../format/identifiers.js';
import { useAction } from '../../hooks/use-action.js';
import type { Directory } from '../../hooks/use-directory.js';

/** Creates a department, or changes one (`department` given). */
export function DepartmentForm(props: {
  directory: Directory;
  department?: Department;
  canMove: boolean;
  onSaved: () => void;
}) {
  const editing = props.department;
  const [name, setName] = useState(editing?.name ?? '');
  const [id, setId] = useState(editing?.id ?? '');
  const [idEdited, setIdEdited] = useState(false);
  const [parentId, setParentId] = useState(editing?.parentId ?? '');
  const [description, setDescription] = useState(editing?.description ?? '');
  const action = useAction(async () => {
    if (editing) {
      await updateDepartment(editing.id, {
        name: name.trim(),
        description: description.trim() || null,
        ...(props.canMove && parentId !== (editing.parentId ?? '')
          ? { parentId: parentId || null }
          : {}),
      });
    } else {
      await createDepartment({
        id,
        name: name.trim(),
        parentId: parentId || null,
        ...(description.trim() ? { description: description.trim() } : {}),
      });
    }
    props.onSaved();
  });
  return (
    <ActionForm class="form" action={action}>
      <Field id="department-name" label="Name" error={fieldError(action.error, 'name')}>
        <input
          id="department-name"
          required
          value={name}
          onInput={(event) => {
            setName(event.currentTarget.value);
            if (!editing && !idEdited) setId(toIdentifier(event.currentTarget.value));
          }}
        />
      </Field>
      {editing ? null : (
        <Field
          id="department-id"
          label="Id"
          hint="Lowercase letters, digits and hyphens; cannot change later."
          error={fieldError(action.error, 'id')}
        >
          <input
            id="department-id"
            required
            pattern="[a-z0-9](?:[a-z0-9]|-(?!-)){0,62}[a-z0-9]|[a-z0-9]"
            value={id}
            aria-describedby="department-id-hint"
            onInput={(event) => {
              setIdEdited(true);
              setId(event.currentTarget.value);
            }}
          />
        </Field>
      )}
      {props.canMove || !editing ? (
        <Field id="department-parent" label="Part of" error={fieldError(action.error, 'parentId')}>
          <select
            id="department-parent"
            value={parentId}
            onChange={(event) => setParentId(event.currentTarget.value)}
          >
            <option value="">Nothing (top level)</option>
            {props.directory.departments
              .filter((department) => department.id !== editing?.id)
              .map((department) => (
                <option key={department.id} value={department.id}>
                  {department.name}
                </option>
              ))}
          </select>
        </Field>
      ) : null}
      <Field
        id="department-description"
        label="Description"
        error={fieldError(action.error, 'description')}
      >
        <textarea
          id="department-description"
          rows={3}
          value={description}
          onInput={(event) => setDescription(event.currentTarget.value)}
        />
      </Field>
      <FormError error={action.error} />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={action.pending}>
          {action.pending ? 'Saving…' : editing ? 'Save department' : 'Create department'}
        </button>
      </div>
    </ActionForm>
  );
}
