import { useState } from 'preact/hooks';
import type { SoulLayerReference } from '../../api/agents.js';
import { EmployeeSelect } from '../../components/employee-select.js';
import type { Directory } from '../../hooks/use-directory.js';

type Scope = SoulLayerReference['scope'];

/** The layer a scope and target name, or undefined until a target is chosen. Pure. */
export function layerReference(scope: Scope, targetId: string): SoulLayerReference | undefined {
  if (scope === 'global') return { scope };
  if (!targetId) return undefined;
  return scope === 'position' ? { scope, positionId: targetId } : { scope, employeeId: targetId };
}

/** Chooses the SOUL layer to edit: global, a position's, or an employee's personal layer. */
export function SoulLayerPicker(props: {
  directory: Directory;
  allowGlobal: boolean;
  onChange: (reference: SoulLayerReference | undefined) => void;
}) {
  const [scope, setScope] = useState<Scope>(props.allowGlobal ? 'global' : 'position');
  const [targetId, setTargetId] = useState('');
  const choose = (nextScope: Scope, nextTarget: string) => {
    setScope(nextScope);
    setTargetId(nextTarget);
    props.onChange(layerReference(nextScope, nextTarget));
  };
  return (
    <div class="toolbar">
      <div class="inline-field">
        <label for="soul-layer-picker-layer">Layer</label>
        <select
          id="soul-layer-picker-layer"
          value={scope}
          onChange={(event) => choose(event.currentTarget.value as Scope, '')}
        >
          {props.allowGlobal ? <option value="global">Global: every agent</option> : null}
          <option value="position">Position: everyone holding it</option>
          <option value="personal">Personal: one employee</option>
        </select>
      </div>
      {scope === 'position' ? (
        <div class="inline-field">
          <label for="soul-layer-picker-position">Position</label>
          <select
            id="soul-layer-picker-position"
            value={targetId}
            onChange={(event) => choose('position', event.currentTarget.value)}
          >
            <option value="">Choose a position</option>
            {[...props.directory.positions]
              .sort((first, second) => first.name.localeCompare(second.name))
              .map((position) => (
                <option key={position.id} value={position.id}>
                  {position.name}
                </option>
              ))}
          </select>
        </div>
      ) : null}
      {scope === 'personal' ? (
        <div class="inline-field">
          <label for="soul-employee">Employee</label>
          <EmployeeSelect
            id="soul-employee"
            directory={props.directory}
            value={targetId}
            onChange={(employeeId) => choose('personal', employeeId)}
          />
        </div>
      ) : null}
    </div>
  );
}
