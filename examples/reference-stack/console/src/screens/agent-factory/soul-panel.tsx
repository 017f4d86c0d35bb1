import { useState } from 'preact/hooks';
import {
  fetchSoulImpact,
  fetchSoulLayer,
  fetchSoulVersions,
  type SoulLayerReference,
} from '../../api/agents.js';
import { AsyncContent } from '../../components/async-content.js';
import { Notice, useNotice } from '../../components/notice.js';
import { formatNumber } from '../../format/locale.js';
import type { Directory } from '../../hooks/use-directory.js';
import { useResource } from '../../hooks/use-resource.js';
import { useSignedIn } from '../../session/session-context.js';
import { SoulEditor } from './soul-editor.js';
import { SoulLayerPicker } from './soul-layer-picker.js';
import { SoulVersions } from './soul-versions.js';

function SoulLayerView(props: {
  reference: SoulLayerReference;
  canEdit: boolean;
  authorName: (id: string) => string;
}) {
  const key = JSON.stringify(props.reference);
  const { resource, reload } = useResource(
    async (signal) => {
      const [current, impact, versions] = await Promise.all([
        fetchSoulLayer(props.reference, signal),
        fetchSoulImpact(props.reference, signal),
        fetchSoulVersions(props.reference, signal),
      ]);
      return { layer: current.layer, impact, versions: versions.items };
    },
    [key],
  );
  const [notice, showNotice] = useNotice();
  return (
    <AsyncContent resource={resource} what="the SOUL layer" onRetry={reload}>
      {(data) => (
        <>
          <Notice message={notice} />
          <div class="soul-layout">
            <SoulEditor
              key={`${key}@${data.layer?.version ?? 0}`}
              reference={props.reference}
              layer={data.layer}
              impact={data.impact}
              canEdit={props.canEdit}
              authorName={props.authorName}
              onSaved={(version) => {
                showNotice(`Saved as version ${formatNumber(version)}.`);
                reload();
              }}
            />
            <SoulVersions
              key={`${key}@${data.versions[0]?.version ?? 0}`}
              reference={props.reference}
              versions={data.versions}
              authorName={props.authorName}
            />
          </div>
        </>
      )}
    </AsyncContent>
  );
}

/**
 * The three SOUL layers every agent's SOUL.md is merged from: global (admins), position and
 * personal. Each save is a new version, with a diff and the number of agents it affects.
 */
export function SoulPanel(props: { directory: Directory }) {
  const { capabilities } = useSignedIn();
  // Everyone here may read the global layer; only admins change it.
  const [reference, setReference] = useState<SoulLayerReference | undefined>({ scope: 'global' });
  const canEdit = (target: SoulLayerReference) =>
    target.scope !== 'global' || capabilities.editGlobalSoul;
  return (
    <>
      <SoulLayerPicker directory={props.directory} allowGlobal onChange={setReference} />
      {reference ? (
        <SoulLayerView
          reference={reference}
          canEdit={canEdit(reference)}
          authorName={props.directory.employeeName}
        />
      ) : (
        <p>Choose the layer to read or edit.</p>
      )}
    </>
  );
}
