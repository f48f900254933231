import { type FormEvent, useEffect, useState } from 'react';
import { etagOf, ok, type View } from '../../api/client';
import { Field } from '../../components/field';
import { fieldsOf, ProblemAlert } from '../../components/problem-alert';
import { useLoad } from '../../components/use-load';
import { useSession } from '../../session';

type Service = View<'getService'>;
type ServiceChange = { name?: string; description?: string | null; ownerGroup?: string | null; active?: boolean };

/** Admins: the business services a ticket can be raised against: create, edit, retire. */
export default function Services() {
  const { api } = useSession();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [editing, setEditing] = useState<Service>();
  const services = useLoad(
    async () => ok(await api.GET('/services', { params: { query: { limit: 100 } } })).items,
    [api],
  );
  const groups = useLoad(
    async () =>
      ok(await api.GET('/groups', { params: { query: { limit: 100 } } })).items.flatMap((g) =>
        'name' in g && g.active ? [{ id: g.id, name: g.name }] : [],
      ),
    [api],
  );

  async function change(service: Service, body: ServiceChange, what: string) {
    try {
      const read = await api.GET('/services/{id}', { params: { path: { id: service.id } } });
      ok(
        await api.PATCH('/services/{id}', {
          params: { path: { id: service.id }, header: { 'If-Match': etagOf(read.response) } },
          body,
        }),
      );
      setError(undefined);
      setNotice(what);
      setEditing(undefined);
    } catch (e) {
      setError(e);
    }
    await services.reload();
  }

  return (
    <>
      <h1>Services</h1>
      <div aria-live="polite">{notice && <p className="alert alert-ok">{notice}</p>}</div>
      <ProblemAlert error={error ?? services.error} />
      {services.data && (
        <table className="tickets">
          <caption>Business services</caption>
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Name</th>
              <th scope="col">Owner group</th>
              <th scope="col">Active</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {services.data.map((s) => (
              <tr key={s.id} data-service={s.id}>
                <td>{s.id}</td>
                <td>{s.name}</td>
                <td>{s.ownerGroup ?? '—'}</td>
                <td>{s.active ? 'yes' : 'no'}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="button-secondary"
                    aria-label={`Edit ${s.name}`}
                    onClick={() => setEditing(s)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="button-secondary"
                    aria-label={`${s.active ? 'Retire' : 'Reactivate'} ${s.name}`}
                    onClick={() =>
                      void change(
                        s,
                        { active: !s.active },
                        `Service “${s.name}” ${s.active ? 'retired' : 'reactivated'}.`,
                      )
                    }
                  >
                    {s.active ? 'Retire' : 'Reactivate'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <EditService
          key={editing.id}
          service={editing}
          groups={groups.data ?? []}
          error={error}
          onSave={(body) => void change(editing, body, `Service “${body.name ?? editing.name}” saved.`)}
          onCancel={() => setEditing(undefined)}
        />
      )}
      <CreateService
        groups={groups.data ?? []}
        onCreated={(s) => {
          setNotice(`Service “${s.name}” created.`);
          void services.reload();
        }}
      />
    </>
  );
}

function OwnerSelect({
  groups,
  error,
  ...select
}: {
  groups: readonly { id: string; name: string }[];
  error?: string;
  name?: string;
  value?: string;
  defaultValue?: string;
  onChange?(e: { target: { value: string } }): void;
}) {
  return (
    <Field label="Owner group" error={error}>
      <select {...select}>
        <option value="">None</option>
        {groups.map((g) => (
          <option key={g.id} value={g.id}>
            {g.name}
          </option>
        ))}
      </select>
    </Field>
  );
}

function EditService({
  service,
  groups,
  error,
  onSave,
  onCancel,
}: {
  service: Service;
  groups: readonly { id: string; name: string }[];
  error: unknown;
  onSave(body: ServiceChange): void;
  onCancel(): void;
}) {
  const [name, setName] = useState(service.name);
  const [description, setDescription] = useState(service.description ?? '');
  const [owner, setOwner] = useState(service.ownerGroup ?? '');
  useEffect(() => setOwner(service.ownerGroup ?? ''), [service.ownerGroup]);
  const fields = fieldsOf(error);
  return (
    <section aria-labelledby="edit-service-title">
      <h2 id="edit-service-title">Edit the service {service.id}</h2>
      <form
        className="form"
        noValidate
        aria-label="Edit the service"
        onSubmit={(e) => {
          e.preventDefault();
          onSave({ name, description: description.trim() ? description : null, ownerGroup: owner || null });
        }}
      >
        <Field label="Service name" error={fields.name}>
          <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        </Field>
        <Field label="Description" error={fields.description}>
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />
        </Field>
        <OwnerSelect
          groups={groups}
          value={owner}
          onChange={(e) => setOwner(e.target.value)}
          error={fields.ownerGroup}
        />
        <div className="actions">
          <button type="submit">Save service</button>
          <button type="button" className="button-secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

function CreateService({
  groups,
  onCreated,
}: {
  groups: readonly { id: string; name: string }[];
  onCreated(s: Service): void;
}) {
  const { api } = useSession();
  const [error, setError] = useState<unknown>();
  const fields = fieldsOf(error);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    try {
      const created = ok(
        await api.POST('/services', {
          body: {
            id: text('id'),
            name: text('name'),
            ...(text('description') ? { description: text('description') } : {}),
            ...(text('owner') ? { ownerGroup: text('owner') } : {}),
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
    <section aria-labelledby="create-service-title">
      <h2 id="create-service-title">Create a service</h2>
      <ProblemAlert error={error} />
      <form className="form" onSubmit={submit} noValidate aria-label="Create a service">
        <div className="field-row">
          <Field label="Service id" hint="A slug, e.g. payroll" error={fields.id}>
            <input name="id" autoComplete="off" />
          </Field>
          <Field label="Service name" error={fields.name}>
            <input name="name" autoComplete="off" />
          </Field>
        </div>
        <Field label="Description" error={fields.description}>
          <textarea name="description" rows={2} />
        </Field>
        <OwnerSelect groups={groups} name="owner" defaultValue="" error={fields.ownerGroup} />
        <button type="submit">Create service</button>
      </form>
    </section>
  );
}
