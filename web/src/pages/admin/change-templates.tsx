import { type FormEvent, useState } from 'react';
import type { TemplateInput, TemplateView } from '../../api/changes';
import { etagOf, ok } from '../../api/client';
import { Field } from '../../components/field';
import { fieldsOf, ProblemAlert } from '../../components/problem-alert';
import { useLoad } from '../../components/use-load';
import { cisText, parseCis } from '../../lib/change-form';
import { useSession } from '../../session';

/** Admins: the pre-approved standard-change templates: create, edit (If-Match), retire and reactivate. */
export default function ChangeTemplates() {
  const { api } = useSession();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [editing, setEditing] = useState<TemplateView>();
  const services = useLoad(
    async () => ok(await api.GET('/services', { params: { query: { limit: 100 } } })).items.filter((s) => s.active),
    [api],
  );
  const templates = useLoad(
    async () =>
      ok(
        await api.GET('/change-templates', {
          params: { query: { limit: 100 } },
        }),
      ).items,
    [api],
  );

  async function save(
    body: Partial<TemplateInput> & { active?: boolean },
    existing: TemplateView | undefined,
    said: string,
  ) {
    try {
      if (existing) {
        const read = await api.GET('/change-templates/{id}', {
          params: { path: { id: existing.id } },
        });
        ok(
          await api.PATCH('/change-templates/{id}', {
            params: { path: { id: existing.id }, header: { 'If-Match': etagOf(read.response) } },
            body,
          }),
        );
      } else {
        ok(
          await api.POST('/change-templates', {
            body: body as TemplateInput,
            headers: { 'Idempotency-Key': crypto.randomUUID() },
          }),
        );
      }
      setError(undefined);
      setEditing(undefined);
      setNotice(said);
      await templates.reload();
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  }

  return (
    <>
      <h1>Standard change templates</h1>
      <p className="muted">
        A standard change is pre-approved: raised from one of these templates, it is scheduled without CAB.
      </p>
      <div aria-live="polite">{notice && <p className="alert alert-ok">{notice}</p>}</div>
      <ProblemAlert error={error ?? templates.error} />
      {templates.data && (
        <table className="tickets">
          <caption>Templates</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Change title</th>
              <th scope="col">Duration</th>
              <th scope="col">Active</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {templates.data.map((t) => (
              <tr key={t.id} data-template={t.name}>
                <td>{t.name}</td>
                <td>{t.title}</td>
                <td>{t.defaultDurationMinutes} min</td>
                <td>{t.active ? 'yes' : 'no'}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="button-secondary"
                    aria-label={`Edit ${t.name}`}
                    onClick={() => setEditing(t)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="button-secondary"
                    aria-label={`${t.active ? 'Retire' : 'Reactivate'} ${t.name}`}
                    onClick={() =>
                      void save(
                        { active: !t.active },
                        t,
                        `Template “${t.name}” ${t.active ? 'retired' : 'reactivated'}.`,
                      )
                    }
                  >
                    {t.active ? 'Retire' : 'Reactivate'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <TemplateForm
          key={editing.id}
          title={`Edit the template ${editing.name}`}
          submitLabel="Save template"
          initial={editing}
          services={services.data ?? []}
          error={error}
          onSubmit={(body) => save(body, editing, `Template “${String(body.name)}” saved.`)}
          onCancel={() => setEditing(undefined)}
        />
      )}
      <TemplateForm
        title="Create a template"
        submitLabel="Create template"
        services={services.data ?? []}
        error={editing ? undefined : error}
        onSubmit={(body) => save(body, undefined, `Template “${String(body.name)}” created.`)}
      />
    </>
  );
}

function TemplateForm({
  title,
  submitLabel,
  initial,
  services,
  error,
  onSubmit,
  onCancel,
}: {
  title: string;
  submitLabel: string;
  initial?: TemplateView;
  services: readonly { id: string; name: string }[];
  error: unknown;
  onSubmit(body: TemplateInput): Promise<boolean>;
  onCancel?(): void;
}) {
  const fields = fieldsOf(error);
  const headingId = initial ? `edit-template-${initial.id}` : 'create-template';
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const body: TemplateInput = {
      name: text('name'),
      description: text('description'),
      title: text('title'),
      implementationPlan: text('implementationPlan'),
      backoutPlan: text('backoutPlan'),
      testPlan: text('testPlan'),
      defaultDurationMinutes: Number(text('defaultDurationMinutes')),
      services: form.getAll('services').flatMap((id) => {
        const service = services.find((x) => x.id === id);
        return service ? [{ id: service.id, name: service.name }] : [];
      }),
      cis: parseCis(text('cis')),
    };
    if ((await onSubmit(body)) && !initial) formElement.reset();
  }
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <form className="form" noValidate onSubmit={submit} aria-label={title}>
        <div className="field-row">
          <Field label="Template name" error={fields.name}>
            <input name="name" defaultValue={initial?.name} autoComplete="off" />
          </Field>
          <Field label="Default duration (minutes)" error={fields.defaultDurationMinutes}>
            <input
              name="defaultDurationMinutes"
              type="number"
              min={1}
              defaultValue={initial?.defaultDurationMinutes ?? 60}
            />
          </Field>
        </div>
        <Field label="What it is for" error={fields.description}>
          <textarea name="description" defaultValue={initial?.description} rows={2} />
        </Field>
        <Field label="Change title" error={fields.title} hint="The title of the changes raised from it.">
          <input name="title" defaultValue={initial?.title} autoComplete="off" />
        </Field>
        <Field label="Implementation plan" error={fields.implementationPlan}>
          <textarea name="implementationPlan" defaultValue={initial?.implementationPlan} rows={3} />
        </Field>
        <Field label="Backout plan" error={fields.backoutPlan}>
          <textarea name="backoutPlan" defaultValue={initial?.backoutPlan} rows={2} />
        </Field>
        <Field label="Test plan" error={fields.testPlan}>
          <textarea name="testPlan" defaultValue={initial?.testPlan} rows={2} />
        </Field>
        <fieldset className="choices">
          <legend>Services</legend>
          {services.map((s) => (
            <label key={s.id} className="checkbox">
              <input
                type="checkbox"
                name="services"
                value={s.id}
                defaultChecked={initial?.services.some((x) => x.id === s.id)}
              />{' '}
              {s.name}
            </label>
          ))}
        </fieldset>
        <Field label="Configuration items" error={fields.cis} hint="One per line.">
          <textarea name="cis" defaultValue={cisText(initial?.cis ?? [])} rows={2} />
        </Field>
        <div className="actions">
          <button type="submit">{submitLabel}</button>
          {onCancel && (
            <button type="button" className="button-secondary" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
