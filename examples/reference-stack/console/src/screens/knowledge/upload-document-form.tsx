import { useState } from 'preact/hooks';
import { uploadDocument } from '../../api/knowledge.js';
import { Field, fieldError } from '../../components/field.js';
import { FormError } from '../../components/form-error.js';
import { toIdentifier } from '../../format/identifiers.js';
import { useAction } from '../../hooks/use-action.js';

/** The API takes Markdown documents of at most 1 MiB. */
export const DOCUMENT_MAX_BYTES = 1024 * 1024;

/** A document's title from its file name: "expense-policy.md" -> "Expense policy". Pure. */
export function titleFromFileName(fileName: string): string {
  const base = fileName
    .replace(/\.(md|markdown)$/i, '')
    .replace(/[-_]+/g, ' ')
    .trim();
  return base ? base.charAt(0).toUpperCase() + base.slice(1) : fileName;
}

/** Uploads a Markdown file into a knowledge base (a document with the same id is replaced). */
export function UploadDocumentForm(props: { knowledgeBaseId: string; onUploaded: () => void }) {
  const [file, setFile] = useState<File | undefined>(undefined);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const action = useAction(async (chosen: File) => {
    const content = await chosen.text();
    await uploadDocument(
      props.knowledgeBaseId,
      toIdentifier(chosen.name.replace(/\.(md|markdown)$/i, '')),
      {
        title: title.trim() || titleFromFileName(chosen.name),
        fileName: chosen.name,
        content,
        ...(description.trim() ? { description: description.trim() } : {}),
      },
    );
    setFile(undefined);
    setTitle('');
    setDescription('');
    props.onUploaded();
  });
  const choose = (chosen: File | undefined) => {
    setProblem(undefined);
    if (chosen && !/\.(md|markdown)$/i.test(chosen.name)) {
      setProblem('Choose a Markdown file (.md).');
      return;
    }
    if (chosen && chosen.size > DOCUMENT_MAX_BYTES) {
      setProblem('The file is larger than 1 MiB.');
      return;
    }
    setFile(chosen);
    if (chosen && !title) setTitle(titleFromFileName(chosen.name));
  };
  return (
    <form
      class="form"
      onSubmit={(event) => {
        event.preventDefault();
        if (file) void action.run(file);
      }}
    >
      <Field id="document-file" label="Markdown file" error={problem}>
        <input
          id="document-file"
          type="file"
          accept=".md,.markdown,text/markdown"
          required
          onChange={(event) => choose(event.currentTarget.files?.[0])}
        />
      </Field>
      <Field id="document-title" label="Title" error={fieldError(action.error, 'title')}>
        <input
          id="document-title"
          value={title}
          onInput={(event) => setTitle(event.currentTarget.value)}
        />
      </Field>
      <Field id="document-description" label="Description (optional)">
        <input
          id="document-description"
          value={description}
          onInput={(event) => setDescription(event.currentTarget.value)}
        />
      </Field>
      <FormError error={action.error} />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={!file || action.pending}>
          {action.pending ? 'Uploading…' : 'Upload'}
        </button>
      </div>
    </form>
  );
}
