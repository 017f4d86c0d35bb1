import { useState } from 'preact/hooks';
import { fetchWorkspace } from '../../api/agents.js';
import type { WorkspaceFile } from '../../api/types.js';
import { AsyncContent } from '../../components/async-content.js';
import { StatusBadge } from '../../components/status-badge.js';
import { formatNumber } from '../../format/locale.js';
import { useResource } from '../../hooks/use-resource.js';

function FileButton(props: { file: WorkspaceFile; selected: boolean; onSelect: () => void }) {
  return (
    <button
      type="button"
      class="file-button"
      aria-pressed={props.selected}
      onClick={props.onSelect}
    >
      <span class="mono">{props.file.path}</span>
      <span class="muted">
        {props.file.origin}
        {props.file.injected ? ' · in the prompt' : ''} · {formatNumber(props.file.content.length)}{' '}
        characters
      </span>
    </button>
  );
}

/**
 * The workspace a playground session of the employee gets: every file OpenClaw reads (SOUL,
 * IDENTITY, USER, MEMORY, knowledge, skills) as the assembler built it.
 */
export function WorkspacePanel(props: { employeeId: string; refreshKey: number }) {
  const { resource, reload } = useResource(
    (signal) => fetchWorkspace(props.employeeId, 'playground', signal),
    [props.employeeId, props.refreshKey],
  );
  const [selected, setSelected] = useState('SOUL.md');
  return (
    <section class="panel panel-wide" aria-labelledby="workspace-title">
      <div class="panel-heading">
        <h2 id="workspace-title">Assembled workspace</h2>
        <button type="button" class="button button-small" onClick={reload}>
          Reload
        </button>
      </div>
      <p>
        <StatusBadge tone="info">Read-only memory</StatusBadge> Nothing this playground session
        writes is kept: the employee's memory stays as it is.
      </p>
      <AsyncContent resource={resource} what="the workspace" onRetry={reload}>
        {(workspace) => {
          const file =
            workspace.files.find((candidate) => candidate.path === selected) ?? workspace.files[0];
          return (
            <div class="workspace">
              <ul class="file-picker" aria-label="Workspace files">
                {workspace.files.map((candidate) => (
                  <li key={candidate.path}>
                    <FileButton
                      file={candidate}
                      selected={candidate.path === file?.path}
                      onSelect={() => setSelected(candidate.path)}
                    />
                  </li>
                ))}
              </ul>
              {file ? (
                <section aria-label={file.path}>
                  {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must take focus to be scrolled from the keyboard */}
                  <pre class="file-content" tabIndex={0} data-testid="workspace-file">
                    {file.content || '(empty)'}
                  </pre>
                </section>
              ) : null}
            </div>
          );
        }}
      </AsyncContent>
    </section>
  );
}
