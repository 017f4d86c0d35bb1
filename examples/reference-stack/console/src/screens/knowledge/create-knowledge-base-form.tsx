import { useState } from 'preact/hooks';
import { createKnowledgeBase } from '../../api/knowledge.js';
import { ActionForm } from '../../components/action-form.js';
import { Field, fieldError } from '../../components/field.js';
import { FormError } from '../../components/form-error.js';
import { toIdentifier } from '../../format/identifiers.js';
import { useAction } from '../../hooks/use-action.js';

export function CreateKnowledgeBaseForm(props: { onCreated: (id: string) => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const action = useAction(async () => {
    const created = await createKnowledgeBase({
      id: toIdentifier(name),
      name: name.trim(),
      description: description.trim(),
    });
    props.onCreated(created.id);
  });
  return (
    <ActionForm class="form" action={action}>
      <Field
        id="knowledge-name"
        label="Name"
        error={fieldError(action.error, 'name') ?? fieldError(action.error, 'id')}
      >
        <input
          id="knowledge-name"
          required
          value={name}
          onInput={(event) => setName(event.currentTarget.value)}
        />
      </Field>
      <Field
        id="knowledge-description"
        label="What it covers"
        error={fieldError(action.error, 'description')}
      >
        <textarea
          id="knowledge-description"
          rows={3}
          required
          value={description}
          onInput={(event) => setDescription(event.currentTarget.value)}
        />
      </Field>
      <FormError error={action.error} />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={action.pending}>
          {action.pending ? 'Creating…' : 'Create knowledge base'}
        </button>
      </div>
    </ActionForm>
  );
}
