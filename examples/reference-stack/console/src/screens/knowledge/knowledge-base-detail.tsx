import { deleteDocument, fetchKnowledgeBase } from '../../api/knowledge.js';
import type { KnowledgeDocument } from '../../api/types.js';
import { AsyncContent } from '../../components/async-content.js';
import { type Column, DataTable } from '../../components/data-table.js';
import { FormError } from '../../components/form-error.js';
import { formatBytes, formatDateTime } from '../../format/locale.js';
import { useAction } from '../../hooks/use-action.js';
import type { Directory } from '../../hooks/use-directory.js';
import { useResource } from '../../hooks/use-resource.js';
import { AssignmentsSection } from './assignments-section.js';
import { UploadDocumentForm } from './upload-document-form.js';

/** One knowledge base: its documents (upload, delete) and who it is assigned to. */
export function KnowledgeBaseDetail(props: {
  knowledgeBaseId: string;
  directory: Directory;
  canManage: boolean;
}) {
  const { resource, reload } = useResource(
    (signal) => fetchKnowledgeBase(props.knowledgeBaseId, signal),
    [props.knowledgeBaseId],
  );
  const remove = useAction(async (document: KnowledgeDocument) => {
    await deleteDocument(props.knowledgeBaseId, document.id);
    reload();
  });
  return (
    <AsyncContent resource={resource} what="the knowledge base" onRetry={reload}>
      {(detail) => {
        const generated = detail.knowledgeBase.kind === 'directory';
        const columns: Column<KnowledgeDocument>[] = [
          {
            header: 'Document',
            render: (document) => (
              <>
                <strong>{document.title}</strong>
                <br />
                <span class="muted mono">{document.fileName}</span>
              </>
            ),
          },
          { header: 'Size', numeric: true, render: (document) => formatBytes(document.sizeBytes) },
          { header: 'Updated', render: (document) => formatDateTime(document.updatedAt) },
          ...(props.canManage && !generated
            ? [
                {
                  header: 'Actions',
                  render: (document: KnowledgeDocument) => (
                    <button
                      type="button"
                      class="button button-small"
                      disabled={remove.pending}
                      onClick={() => void remove.run(document)}
                    >
                      Delete<span class="visually-hidden"> {document.title}</span>
                    </button>
                  ),
                },
              ]
            : []),
        ];
        return (
          <div class="knowledge-detail">
            <h2>{detail.knowledgeBase.name}</h2>
            <p>{detail.knowledgeBase.description}</p>
            {generated ? (
              <p class="muted">
                Generated from the organization; it follows every change by itself.
              </p>
            ) : null}
            <section aria-labelledby="documents-title">
              <h3 id="documents-title">Documents</h3>
              {detail.documents.length === 0 ? (
                <p>No documents yet.</p>
              ) : (
                <DataTable
                  caption="Documents"
                  captionHidden
                  columns={columns}
                  rows={detail.documents}
                  rowKey={(document) => document.id}
                />
              )}
              <FormError error={remove.error} />
              {props.canManage && !generated ? (
                <details>
                  <summary>Upload a Markdown document</summary>
                  <UploadDocumentForm knowledgeBaseId={props.knowledgeBaseId} onUploaded={reload} />
                </details>
              ) : null}
            </section>
            <AssignmentsSection
              knowledgeBaseId={props.knowledgeBaseId}
              assignments={detail.assignments}
              directory={props.directory}
              canManage={props.canManage}
              onChanged={reload}
            />
          </div>
        );
      }}
    </AsyncContent>
  );
}
