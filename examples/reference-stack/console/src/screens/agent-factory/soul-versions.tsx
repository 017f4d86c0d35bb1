import { useState } from 'preact/hooks';
import { fetchSoulDiff, type SoulLayerReference } from '../../api/agents.js';
import type { SoulLayer } from '../../api/types.js';
import { AsyncContent } from '../../components/async-content.js';
import { DiffView } from '../../components/diff-view.js';
import { formatDateTime, formatNumber } from '../../format/locale.js';
import { useResource } from '../../hooks/use-resource.js';

function VersionDiff(props: { reference: SoulLayerReference; from: number; to: number }) {
  const { resource, reload } = useResource(
    (signal) => fetchSoulDiff(props.reference, { from: props.from, to: props.to }, signal),
    [JSON.stringify(props.reference), props.from, props.to],
  );
  return (
    <AsyncContent resource={resource} what="the differences" onRetry={reload}>
      {(diff) => (
        <>
          <p class="muted">
            Version {formatNumber(diff.from)} → {formatNumber(diff.to)}:{' '}
            {formatNumber(diff.addedLines)} lines added, {formatNumber(diff.removedLines)} removed.
          </p>
          <DiffView patch={diff.patch} label={`Changes from version ${diff.from} to ${diff.to}`} />
        </>
      )}
    </AsyncContent>
  );
}

/** The versions of a layer, newest first, and the line diff between any two of them. */
export function SoulVersions(props: {
  reference: SoulLayerReference;
  versions: readonly SoulLayer[];
  authorName: (id: string) => string;
}) {
  const newest = props.versions[0]?.version ?? 0;
  const [to, setTo] = useState(newest);
  const [from, setFrom] = useState(Math.max(0, newest - 1));
  if (props.versions.length === 0) return <p>No versions yet.</p>;
  const versions = props.versions.map((version) => version.version);
  // Any older version; version 1 compares with the empty layer before it.
  const fromOptions = to === 1 ? [0] : versions.filter((version) => version < to);
  return (
    <section aria-labelledby="versions-title">
      <h3 id="versions-title">Versions</h3>
      <ol class="version-list">
        {props.versions.map((version) => (
          <li key={version.version}>
            <strong>Version {formatNumber(version.version)}</strong> ·{' '}
            {props.authorName(version.author)} · {formatDateTime(version.updatedAt)}
            {version.note ? ` — ${version.note}` : ''}
          </li>
        ))}
      </ol>
      <div class="toolbar">
        <div class="inline-field">
          <label for="soul-versions-compare-version">Compare version</label>
          <select
            id="soul-versions-compare-version"
            value={from}
            onChange={(event) => setFrom(Number(event.currentTarget.value))}
          >
            {fromOptions.map((version) => (
              <option key={version} value={version}>
                {version === 0 ? 'empty (before version 1)' : formatNumber(version)}
              </option>
            ))}
          </select>
        </div>
        <div class="inline-field">
          <label for="soul-versions-with-version">with version</label>
          <select
            id="soul-versions-with-version"
            value={to}
            onChange={(event) => {
              const next = Number(event.currentTarget.value);
              setTo(next);
              setFrom(next - 1);
            }}
          >
            {versions.map((version) => (
              <option key={version} value={version}>
                {formatNumber(version)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <VersionDiff reference={props.reference} from={from} to={to} />
    </section>
  );
}
