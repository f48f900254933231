import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { ok } from '../../api/client';
import { Field } from '../../components/field';
import { fieldsOf, ProblemAlert } from '../../components/problem-alert';
import { useLoad } from '../../components/use-load';
import { useSession } from '../../session';

const levels = [
  ['1', '1 — High'],
  ['2', '2 — Medium'],
  ['3', '3 — Low'],
] as const;

/** Raise an incident: the routing rules decide its group, so the requester only says what and how bad. */
export default function NewIncident() {
  const { api } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const pickers = useLoad(async () => {
    const [categories, services] = await Promise.all([
      api.GET('/categories', { params: { query: { limit: 100 } } }),
      api.GET('/services', { params: { query: { limit: 100 } } }),
    ]);
    return {
      categories: ok(categories).items.filter((c) => c.active),
      services: ok(services).items.filter((s) => s.active),
    };
  }, [api]);
  const fields = fieldsOf(error);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '');
    const optional = (name: string) => text(name) || undefined;
    setBusy(true);
    try {
      const created = ok(
        await api.POST('/incidents', {
          body: {
            title: text('title'),
            description: text('description'),
            impact: Number(text('impact')),
            urgency: Number(text('urgency')),
            category: optional('category'),
            service: optional('service'),
          },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      );
      navigate(`/portal/tickets/${created.number}`, { state: { created: true } });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Raise an incident</h1>
      <ProblemAlert error={error ?? pickers.error} />
      <form className="form" onSubmit={submit} noValidate aria-label="Raise an incident">
        <Field label="Title" error={fields.title} hint="One line: what is wrong?">
          <input name="title" maxLength={200} required autoComplete="off" />
        </Field>
        <Field label="Description" error={fields.description} hint="What happened, since when, and who is affected.">
          <textarea name="description" rows={6} required />
        </Field>
        <div className="field-row">
          <Field label="Category" error={fields.category}>
            <select name="category" defaultValue="">
              <option value="">Not sure</option>
              {pickers.data?.categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.parentId ? `— ${c.name}` : c.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Service" error={fields.service}>
            <select name="service" defaultValue="">
              <option value="">Not sure</option>
              {pickers.data?.services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="field-row">
          <Field label="Impact" error={fields.impact} hint="How many people does it affect?">
            <select name="impact" defaultValue="3">
              {levels.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Urgency" error={fields.urgency} hint="How soon must it be fixed?">
            <select name="urgency" defaultValue="3">
              {levels.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <button type="submit" disabled={busy}>
          {busy ? 'Raising…' : 'Raise incident'}
        </button>
      </form>
    </>
  );
}
