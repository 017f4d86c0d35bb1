import { useState } from 'preact/hooks';
import { fetchMemoryFile, fetchMemoryFiles } from '../../api/agents.js';
import { AsyncContent } from '../../components/async-content.js';
import { EmptyState } from '../../components/empty-state.js';
import { formatBytes, formatDateTime } from '../../format/locale.js';
import { useResource } from '../../hooks/use-resource.js';

function MemoryFileView(props: { agentId: string; path: string }) {
  const { resource, reload } = useResource(
    (signal) => fetchMemoryFile(props.agentId, props.path, signal),
    [props.agentId, props.path],
  );
  return (
    <AsyncContent resource={resource} what={props.path} onRetry={reload}>
      {(file) => <pre class="file-content">{file.content}</pre>}
    </AsyncContent>
  );
}

/** What the agent remembers: MEMORY.md and its daily notes, read-only. */
export function MemorySection(props: { agentId: string }) {
  const { resource, reload } = useResource(
    (signal) => fetchMemoryFiles(props.agentId, signal),
    [props.agentId],
  );
  const [open, setOpen] = useState<string | undefined>(undefined);
  return (
    <section class="panel" aria-labelledby="memory-title">
      <h2 id="memory-title">Memory</h2>
      <AsyncContent
        resource={resource}
        what="your agent's memory"
        onRetry={reload}
        isEmpty={(data) => data.files.length === 0}
        empty={
          <EmptyState title="Your agent remembers nothing yet.">
            Ask it to remember something, for example “Remember that the quarterly close is on the
            5th”.
          </EmptyState>
        }
      >
        {(data) => (
          <ul class="file-list">
            {data.files.map((file) => (
              <li key={file.path}>
                <button
                  type="button"
                  class="button-link"
                  aria-expanded={open === file.path}
                  onClick={() =>
                    setOpen((current) => (current === file.path ? undefined : file.path))
                  }
                >
                  {file.path}
                </button>{' '}
                <span class="muted">
                  {formatBytes(file.sizeBytes)} · {formatDateTime(file.updatedAt)}
                </span>
                {open === file.path ? (
                  <MemoryFileView agentId={props.agentId} path={file.path} />
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </AsyncContent>
    </section>
  );
}
