import { fetchMergedSoul } from '../../api/agents.js';
import { AsyncContent } from '../../components/async-content.js';
import { useResource } from '../../hooks/use-resource.js';

/** The SOUL.md the agent's next session reads: global, position and personal layers merged. */
export function AgentSoulSection(props: { agentId: string }) {
  const { resource, reload } = useResource(
    (signal) => fetchMergedSoul(props.agentId, signal),
    [props.agentId],
  );
  return (
    <section class="panel" aria-labelledby="soul-title">
      <h2 id="soul-title">Who your agent is</h2>
      <AsyncContent resource={resource} what="your agent's SOUL" onRetry={reload}>
        {(soul) => (
          <details>
            <summary>
              SOUL.md, built from{' '}
              {soul.layers.map((layer) => layer.name ?? layer.scope).join(', ') || 'no layers'}
            </summary>
            <pre class="file-content" data-testid="merged-soul">
              {soul.content}
            </pre>
          </details>
        )}
      </AsyncContent>
    </section>
  );
}
