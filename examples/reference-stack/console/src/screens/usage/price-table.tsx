import { useState } from 'preact/hooks';
import type { ModelPrice } from '../../api/types.js';
import { deletePrice, fetchPrices, type PriceInput, setPrice } from '../../api/usage.js';
import { ActionForm } from '../../components/action-form.js';
import { AsyncContent } from '../../components/async-content.js';
import { type Column, DataTable } from '../../components/data-table.js';
import { Dialog } from '../../components/dialog.js';
import { Field, fieldError } from '../../components/field.js';
import { FormError } from '../../components/form-error.js';
import { formatDate, formatUsd } from '../../format/locale.js';
import { useAction } from '../../hooks/use-action.js';
import { useResource } from '../../hooks/use-resource.js';

function PriceForm(props: { price?: ModelPrice; onSaved: () => void }) {
  const [model, setModel] = useState(props.price?.model ?? '');
  const [input, setInput] = useState(String(props.price?.inputPerMillionUsd ?? ''));
  const [output, setOutput] = useState(String(props.price?.outputPerMillionUsd ?? ''));
  const action = useAction(async () => {
    const price: PriceInput = {
      inputPerMillionUsd: Number(input),
      outputPerMillionUsd: Number(output),
    };
    await setPrice(model.trim(), price);
    props.onSaved();
  });
  return (
    <ActionForm class="form" action={action}>
      <Field
        id="price-model"
        label="Model (provider/model-id)"
        error={fieldError(action.error, 'model')}
      >
        <input
          id="price-model"
          class="mono"
          required
          readOnly={props.price !== undefined}
          value={model}
          onInput={(event) => setModel(event.currentTarget.value)}
        />
      </Field>
      <Field
        id="price-input"
        label="Input, USD per million tokens"
        error={fieldError(action.error, 'inputPerMillionUsd')}
      >
        <input
          id="price-input"
          type="number"
          min={0}
          step="any"
          required
          value={input}
          onInput={(event) => setInput(event.currentTarget.value)}
        />
      </Field>
      <Field
        id="price-output"
        label="Output, USD per million tokens"
        error={fieldError(action.error, 'outputPerMillionUsd')}
      >
        <input
          id="price-output"
          type="number"
          min={0}
          step="any"
          required
          value={output}
          onInput={(event) => setOutput(event.currentTarget.value)}
        />
      </Field>
      <FormError error={action.error} />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={action.pending}>
          {action.pending ? 'Saving…' : 'Save price'}
        </button>
      </div>
    </ActionForm>
  );
}

type Editing = { price?: ModelPrice } | undefined;

/** The price table costs are computed with; admins change it (applies to turns from now on). */
export function PriceTable(props: { canManage: boolean }) {
  const { resource, reload } = useResource(fetchPrices, []);
  const [editing, setEditing] = useState<Editing>(undefined);
  const remove = useAction(async (model: string) => {
    await deletePrice(model);
    reload();
  });
  const columns: Column<ModelPrice>[] = [
    { header: 'Model', render: (price) => <span class="mono">{price.model}</span> },
    { header: 'Input / 1M', numeric: true, render: (price) => formatUsd(price.inputPerMillionUsd) },
    {
      header: 'Output / 1M',
      numeric: true,
      render: (price) => formatUsd(price.outputPerMillionUsd),
    },
    { header: 'Since', render: (price) => formatDate(price.updatedAt) },
    ...(props.canManage
      ? [
          {
            header: 'Actions',
            render: (price: ModelPrice) => (
              <span class="row-actions">
                <button
                  type="button"
                  class="button button-small"
                  onClick={() => setEditing({ price })}
                >
                  Change<span class="visually-hidden"> {price.model}</span>
                </button>
                <button
                  type="button"
                  class="button button-small"
                  disabled={remove.pending}
                  onClick={() => void remove.run(price.model)}
                >
                  Remove<span class="visually-hidden"> {price.model}</span>
                </button>
              </span>
            ),
          },
        ]
      : []),
  ];
  return (
    <section class="panel" aria-labelledby="prices-title">
      <div class="panel-heading">
        <h2 id="prices-title">Price table</h2>
        {props.canManage ? (
          <button type="button" class="button button-small" onClick={() => setEditing({})}>
            Add a model
          </button>
        ) : null}
      </div>
      <FormError error={remove.error} />
      <AsyncContent
        resource={resource}
        what="prices"
        onRetry={reload}
        isEmpty={(data) => data.items.length === 0}
      >
        {(data) => (
          <DataTable
            caption="Model prices"
            captionHidden
            columns={columns}
            rows={data.items}
            rowKey={(price) => price.model}
          />
        )}
      </AsyncContent>
      <Dialog
        title={editing?.price ? `Price of ${editing.price.model}` : 'Add a model price'}
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
      >
        {editing ? (
          <PriceForm
            {...(editing.price ? { price: editing.price } : {})}
            onSaved={() => {
              setEditing(undefined);
              reload();
            }}
          />
        ) : null}
      </Dialog>
    </section>
  );
}
