import { useState } from 'preact/hooks';
import { deleteDepartment } from '../../api/organization.js';
import type { Department } from '../../api/types.js';
import { DeleteDialog } from '../../components/delete-dialog.js';
import { Dialog } from '../../components/dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { formatCount } from '../../format/locale.js';
import type { Directory } from '../../hooks/use-directory.js';
import { useSignedIn } from '../../session/session-context.js';
import { DepartmentForm } from './department-form.js';
import { buildDepartmentTree, type DepartmentNode } from './department-tree.js';

type Editing = { kind: 'create' } | { kind: 'edit'; department: Department } | undefined;

function TreeNode(props: {
  node: DepartmentNode;
  directory: Directory;
  canDelete: boolean;
  onEdit: (department: Department) => void;
  onDelete: (department: Department) => void;
}) {
  const { department } = props.node;
  const people = props.directory.employees.filter(
    (employee) => employee.departmentId === department.id,
  ).length;
  const positions = props.directory.positions.filter(
    (position) => position.departmentId === department.id,
  ).length;
  return (
    <li>
      <div class="tree-row">
        <span class="tree-name">{department.name}</span>
        <span class="muted">
          {formatCount(people, 'person', 'people')} ·{' '}
          {formatCount(positions, 'position', 'positions')}
        </span>
        <span class="row-actions">
          <button
            type="button"
            class="button button-small"
            onClick={() => props.onEdit(department)}
          >
            Edit<span class="visually-hidden"> {department.name}</span>
          </button>
          {props.canDelete ? (
            <button
              type="button"
              class="button button-small"
              onClick={() => props.onDelete(department)}
            >
              Delete<span class="visually-hidden"> {department.name}</span>
            </button>
          ) : null}
        </span>
      </div>
      {props.node.children.length > 0 ? (
        <ul>
          {props.node.children.map((child) => (
            <TreeNode key={child.department.id} {...props} node={child} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The department tree with people and positions per department; create, edit, guarded delete. */
export function DepartmentsPanel(props: { directory: Directory; onChanged: () => void }) {
  const { capabilities } = useSignedIn();
  const [editing, setEditing] = useState<Editing>(undefined);
  const [deleting, setDeleting] = useState<Department | undefined>(undefined);
  const tree = buildDepartmentTree(props.directory.departments);
  return (
    <>
      {capabilities.manageStructure ? (
        <p>
          <button
            type="button"
            class="button button-primary"
            onClick={() => setEditing({ kind: 'create' })}
          >
            New department
          </button>
        </p>
      ) : null}
      {tree.length === 0 ? (
        <EmptyState title="No departments yet." />
      ) : (
        <ul class="tree" aria-label="Departments">
          {tree.map((node) => (
            <TreeNode
              key={node.department.id}
              node={node}
              directory={props.directory}
              canDelete={capabilities.manageStructure}
              onEdit={(department) => setEditing({ kind: 'edit', department })}
              onDelete={setDeleting}
            />
          ))}
        </ul>
      )}
      <Dialog
        title={editing?.kind === 'edit' ? `Edit ${editing.department.name}` : 'New department'}
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
      >
        {editing ? (
          <DepartmentForm
            directory={props.directory}
            {...(editing.kind === 'edit' ? { department: editing.department } : {})}
            canMove={capabilities.manageStructure}
            onSaved={() => {
              setEditing(undefined);
              props.onChanged();
            }}
          />
        ) : null}
      </Dialog>
      <DeleteDialog
        open={deleting !== undefined}
        what={deleting ? `the department ${deleting.name}` : ''}
        nameOf={(kind, id) =>
          kind === 'employees'
            ? props.directory.employeeName(id)
            : kind === 'positions'
              ? props.directory.positionName(id)
              : props.directory.departmentName(id)
        }
        onDelete={(force) => deleteDepartment(deleting?.id ?? '', force)}
        onDone={() => {
          setDeleting(undefined);
          props.onChanged();
        }}
        onCancel={() => setDeleting(undefined)}
      />
    </>
  );
}
