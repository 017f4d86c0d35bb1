import { useState } from 'preact/hooks';
import { assignKnowledge, unassignKnowledge } from '../../api/knowledge.js';
import type { KnowledgeAssignment, KnowledgeTarget } from '../../api/types.js';
import { ActionForm } from '../../components/action-form.js';
import { EmployeeSelect } from '../../components/employee-select.js';
import { FormError } from '../../components/form-error.js';
import { formatDate } from '../../format/locale.js';
import { useAction } from '../../hooks/use-action.js';
import type { Directory } from '../../hooks/use-directory.js';

/** Who a knowledge target is, in words. Pure. */
export function describeTarget(target: KnowledgeTarget, directory: Directory): string {
  switch (target.kind) {
    case 'everyone':
      return 'Everyone';
    case 'position':
      return `Position: ${directory.positionName(target.positionId)}`;
    case 'employee':
      return `Employee: ${directory.employeeName(target.employeeId)}`;
  }
}

function AssignForm(props: {
  knowledgeBaseId: string;
  directory: Directory;
  onAssigned: () => void;
}) {
  const [kind, setKind] = useState<KnowledgeTarget['kind']>('everyone');
  const [targetId, setTargetId] = useState('');
  const action = useAction(async () => {
    const target: KnowledgeTarget =
      kind === 'everyone'
        ? { kind }
        : kind === 'position'
          ? { kind, positionId: targetId }
          : { kind, employeeId: targetId };
    await assignKnowledge(props.knowledgeBaseId, target);
    setTargetId('');
    props.onAssigned();
  });
  return (
    <ActionForm class="toolbar" action={action}>
      <div class="inline-field">
        <label for="assignments-section-give-to">Give to</label>
        <select
          id="assignments-section-give-to"
          value={kind}
          onChange={(event) => {
            setKind(event.currentTarget.value as KnowledgeTarget['kind']);
            setTargetId('');
          }}
        >
          <option value="everyone">Everyone</option>
          <option value="position">A position</option>
          <option value="employee">One employee</option>
        </select>
      </div>
      {kind === 'position' ? (
        <div class="inline-field">
          <label for="assignments-section-position">Position</label>
          <select
            id="assignments-section-position"
            value={targetId}
            required
            onChange={(event) => setTargetId(event.currentTarget.value)}
          >
            <option value="">Choose a position</option>
            {props.directory.positions.map((position) => (
              <option key={position.id} value={position.id}>
                {position.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {kind === 'employee' ? (
        <div class="inline-field">
          <label for="assign-employee">Employee</label>
          <EmployeeSelect
            id="assign-employee"
            directory={props.directory}
            value={targetId}
            onChange={setTargetId}
          />
        </div>
      ) : null}
      <button
        type="submit"
        class="button"
        disabled={action.pending || (kind !== 'everyone' && !targetId)}
      >
        Assign
      </button>
      <FormError error={action.error} />
    </ActionForm>
  );
}

/** Who gets a knowledge base (everyone, positions, employees); assign and take away. */
export function AssignmentsSection(props: {
  knowledgeBaseId: string;
  assignments: readonly KnowledgeAssignment[];
  directory: Directory;
  canManage: boolean;
  onChanged: () => void;
}) {
  const remove = useAction(async (target: KnowledgeTarget) => {
    await unassignKnowledge(props.knowledgeBaseId, target);
    props.onChanged();
  });
  return (
    <section aria-labelledby="assignments-title">
      <h3 id="assignments-title">Assigned to</h3>
      {props.assignments.length === 0 ? (
        <p>Nobody yet: agents do not see this knowledge base.</p>
      ) : (
        <ul class="assignment-list">
          {props.assignments.map((assignment) => {
            const label = describeTarget(assignment.target, props.directory);
            return (
              <li key={label}>
                {label} <span class="muted">since {formatDate(assignment.assignedAt)}</span>{' '}
                {props.canManage ? (
                  <button
                    type="button"
                    class="button button-small"
                    disabled={remove.pending}
                    onClick={() => void remove.run(assignment.target)}
                  >
                    Remove<span class="visually-hidden"> {label}</span>
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      <FormError error={remove.error} />
      {props.canManage ? (
        <AssignForm
          knowledgeBaseId={props.knowledgeBaseId}
          directory={props.directory}
          onAssigned={props.onChanged}
        />
      ) : null}
    </section>
  );
}
