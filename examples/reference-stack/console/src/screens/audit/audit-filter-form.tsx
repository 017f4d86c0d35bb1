import { useState } from 'preact/hooks';
import { EmployeeSelect } from '../../components/employee-select.js';
import type { Directory } from '../../hooks/use-directory.js';
import {
  type AuditFilterDraft,
  EMPTY_FILTERS,
  GUARDRAIL_TYPES,
  SUGGESTED_TYPES,
} from './audit-filters.js';

/** Filters of the audit trail; the guardrail tab picks among guardrail event types. */
export function AuditFilterForm(props: {
  guardrailOnly: boolean;
  initial: AuditFilterDraft;
  directory: Directory;
  onApply: (draft: AuditFilterDraft) => void;
}) {
  const [draft, setDraft] = useState(props.initial);
  const set = (field: keyof AuditFilterDraft) => (event: { currentTarget: { value: string } }) =>
    setDraft((current) => ({ ...current, [field]: event.currentTarget.value }));
  return (
    <form
      class="filters"
      aria-label="Filters"
      onSubmit={(event) => {
        event.preventDefault();
        props.onApply(draft);
      }}
    >
      {props.guardrailOnly ? (
        <div class="inline-field">
          <label for="audit-filter-form-events">Events</label>
          <select id="audit-filter-form-events" value={draft.type} onChange={set('type')}>
            {GUARDRAIL_TYPES.map((option) => (
              <option key={option.type} value={option.type}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <div class="inline-field">
          <label for="audit-filter-form-type-or-prefix">Type or prefix</label>
          <input
            id="audit-filter-form-type-or-prefix"
            list="audit-types"
            value={draft.type}
            placeholder="employee."
            onInput={set('type')}
          />
          <datalist id="audit-types">
            {SUGGESTED_TYPES.map((type) => (
              <option key={type} value={type} />
            ))}
          </datalist>
        </div>
      )}
      <div class="inline-field">
        <label for="audit-employee">Employee</label>
        <EmployeeSelect
          id="audit-employee"
          directory={props.directory}
          value={draft.employeeId}
          placeholder="Anyone"
          onChange={(employeeId) => setDraft((current) => ({ ...current, employeeId }))}
        />
      </div>
      <div class="inline-field">
        <label for="audit-filter-form-actor-id">Actor id</label>
        <input id="audit-filter-form-actor-id" value={draft.actorId} onInput={set('actorId')} />
      </div>
      <div class="inline-field">
        <label for="audit-filter-form-from">From</label>
        <input
          id="audit-filter-form-from"
          type="date"
          value={draft.fromDay}
          onInput={set('fromDay')}
        />
      </div>
      <div class="inline-field">
        <label for="audit-filter-form-to">To</label>
        <input id="audit-filter-form-to" type="date" value={draft.toDay} onInput={set('toDay')} />
      </div>
      <div class="inline-field">
        <label for="audit-filter-form-text">Text</label>
        <input id="audit-filter-form-text" type="search" value={draft.text} onInput={set('text')} />
      </div>
      <button type="submit" class="button button-primary">
        Apply
      </button>
      <button
        type="button"
        class="button"
        onClick={() => {
          const cleared = {
            ...EMPTY_FILTERS,
            type: props.guardrailOnly ? GUARDRAIL_TYPES[0].type : '',
          };
          setDraft(cleared);
          props.onApply(cleared);
        }}
      >
        Clear
      </button>
    </form>
  );
}
