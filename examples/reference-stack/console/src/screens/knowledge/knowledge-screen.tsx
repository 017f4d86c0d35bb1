import { useState } from 'preact/hooks';
import { fetchKnowledgeBases } from '../../api/knowledge.js';
import { AsyncContent } from '../../components/async-content.js';
import { Dialog } from '../../components/dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { PageHeader } from '../../components/page-header.js';
import { loadDirectory } from '../../hooks/use-directory.js';
import { useResource } from '../../hooks/use-resource.js';
import { useSignedIn } from '../../session/session-context.js';
import { CreateKnowledgeBaseForm } from './create-knowledge-base-form.js';
import { KnowledgeBaseDetail } from './knowledge-base-detail.js';

/** Knowledge bases of Markdown documents, given to everyone, to positions or to employees. */
export default function KnowledgeScreen() {
  const { capabilities } = useSignedIn();
  const { resource, reload } = useResource(async (signal) => {
    const [bases, directory] = await Promise.all([
      fetchKnowledgeBases(signal),
      loadDirectory(signal),
    ]);
    return { bases: bases.items, directory };
  }, []);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title="Knowledge"
        description="Agents find these documents in their workspace and cite them."
      >
        {capabilities.manageKnowledge ? (
          <button type="button" class="button button-primary" onClick={() => setCreating(true)}>
            New knowledge base
          </button>
        ) : null}
      </PageHeader>
      <AsyncContent
        resource={resource}
        what="knowledge bases"
        onRetry={reload}
        isEmpty={(data) => data.bases.length === 0}
        empty={<EmptyState title="No knowledge bases yet." />}
      >
        {(data) => {
          const current = selected ?? data.bases[0]?.id;
          return (
            <div class="master-detail">
              <ul class="master-list" aria-label="Knowledge bases">
                {data.bases.map((base) => (
                  <li key={base.id}>
                    <button
                      type="button"
                      class="master-item"
                      aria-current={base.id === current ? 'true' : undefined}
                      onClick={() => setSelected(base.id)}
                    >
                      {base.name}
                    </button>
                  </li>
                ))}
              </ul>
              {current ? (
                <KnowledgeBaseDetail
                  key={current}
                  knowledgeBaseId={current}
                  directory={data.directory}
                  canManage={capabilities.manageKnowledge}
                />
              ) : null}
            </div>
          );
        }}
      </AsyncContent>
      <Dialog title="New knowledge base" open={creating} onClose={() => setCreating(false)}>
        {creating ? (
          <CreateKnowledgeBaseForm
            onCreated={(id) => {
              setCreating(false);
              setSelected(id);
              reload();
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}
