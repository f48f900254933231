import { type FormEvent, useState } from 'react';
import { etagOf, ok, type View } from '../../api/client';
import { Field } from '../../components/field';
import { fieldsOf, ProblemAlert } from '../../components/problem-alert';
import { useLoad } from '../../components/use-load';
import { useSession } from '../../session';

type Category = View<'getCategory'>;

/** Admins: the two-level category tree (top-level categories and their sub-categories): create, rename, retire. */
export default function Categories() {
  const { api } = useSession();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [renaming, setRenaming] = useState<Category>();
  const categories = useLoad(
    async () => ok(await api.GET('/categories', { params: { query: { limit: 100 } } })).items,
    [api],
  );
  const all = categories.data ?? [];
  const tops = all.filter((c) => !c.parentId);

  async function change(category: Category, body: { name?: string; active?: boolean }, what: string) {
    try {
      const read = await api.GET('/categories/{id}', { params: { path: { id: category.id } } });
      ok(
        await api.PATCH('/categories/{id}', {
          params: { path: { id: category.id }, header: { 'If-Match': etagOf(read.response) } },
          body,
        }),
      );
      setError(undefined);
      setNotice(what);
      setRenaming(undefined);
    } catch (e) {
      setError(e);
    }
    await categories.reload();
  }

  const row = (c: Category) => (
    <li key={c.id} data-category={c.id}>
      <span className={c.active ? undefined : 'retired'}>
        {c.name} <code>{c.id}</code>
        {c.active ? '' : ' (retired)'}
      </span>{' '}
      <button type="button" className="button-secondary" aria-label={`Rename ${c.name}`} onClick={() => setRenaming(c)}>
        Rename
      </button>{' '}
      <button
        type="button"
        className="button-secondary"
        aria-label={`${c.active ? 'Retire' : 'Reactivate'} ${c.name}`}
        onClick={() =>
          void change(c, { active: !c.active }, `Category “${c.name}” ${c.active ? 'retired' : 'reactivated'}.`)
        }
      >
        {c.active ? 'Retire' : 'Reactivate'}
      </button>
    </li>
  );

  return (
    <>
      <h1>Categories</h1>
      <p>Two levels: top-level categories and their sub-categories. Retired ones are no longer offered.</p>
      <div aria-live="polite">{notice && <p className="alert alert-ok">{notice}</p>}</div>
      <ProblemAlert error={error ?? categories.error} />
      <ul className="tree" aria-label="Category tree">
        {tops.map((top) => (
          <li key={top.id}>
            <ul className="tree-level">{row(top)}</ul>
            <ul className="tree-level tree-children" aria-label={`Sub-categories of ${top.name}`}>
              {all.filter((c) => c.parentId === top.id).map(row)}
            </ul>
          </li>
        ))}
      </ul>
      {renaming && (
        <RenameForm
          key={renaming.id}
          what="category"
          current={renaming}
          error={error}
          onRename={(name) => void change(renaming, { name }, `Category renamed to “${name}”.`)}
          onCancel={() => setRenaming(undefined)}
        />
      )}
      <CreateCategory
        tops={tops.filter((c) => c.active)}
        onCreated={(c) => {
          setNotice(`Category “${c.name}” created.`);
          void categories.reload();
        }}
      />
    </>
  );
}

export function RenameForm({
  what,
  current,
  error,
  onRename,
  onCancel,
}: {
  what: string;
  current: { id: string; name: string };
  error: unknown;
  onRename(name: string): void;
  onCancel(): void;
}) {
  const [name, setName] = useState(current.name);
  return (
    <section aria-labelledby="rename-title">
      <h2 id="rename-title">
        Rename the {what} {current.id}
      </h2>
      <form
        className="form"
        noValidate
        aria-label={`Rename the ${what}`}
        onSubmit={(e) => {
          e.preventDefault();
          onRename(name);
        }}
      >
        <Field label="New name" error={fieldsOf(error).name}>
          <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        </Field>
        <div className="actions">
          <button type="submit">Save name</button>
          <button type="button" className="button-secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

function CreateCategory({ tops, onCreated }: { tops: readonly Category[]; onCreated(c: Category): void }) {
  const { api } = useSession();
  const [error, setError] = useState<unknown>();
  const fields = fieldsOf(error);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const parent = text('parent');
    try {
      const created = ok(
        await api.POST('/categories', {
          body: {
            id: parent ? `${parent}.${text('slug')}` : text('slug'),
            name: text('name'),
            ...(text('description') ? { description: text('description') } : {}),
            ...(parent ? { parentId: parent } : {}),
          },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      );
      formElement.reset();
      setError(undefined);
      onCreated(created);
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section aria-labelledby="create-category-title">
      <h2 id="create-category-title">Create a category</h2>
      <ProblemAlert error={error} />
      <form className="form" onSubmit={submit} noValidate aria-label="Create a category">
        <Field label="Parent category" hint="None for a top-level category." error={fields.parentId}>
          <select name="parent" defaultValue="">
            <option value="">None (top level)</option>
            {tops.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <div className="field-row">
          <Field label="Category slug" hint="e.g. wifi (the id becomes network.wifi under Network)" error={fields.id}>
            <input name="slug" autoComplete="off" />
          </Field>
          <Field label="Category name" error={fields.name}>
            <input name="name" autoComplete="off" />
          </Field>
        </div>
        <Field label="Description" error={fields.description}>
          <textarea name="description" rows={2} />
        </Field>
        <button type="submit">Create category</button>
      </form>
    </section>
  );
}
