import { type FormEvent, useState } from 'react';
import type { BlackoutView } from '../../api/changes';
import { etagOf, ok } from '../../api/client';
import type { operations } from '../../api/schema';
import { Field } from '../../components/field';
import { fieldsOf, ProblemAlert } from '../../components/problem-alert';
import { useLoad } from '../../components/use-load';
import { isoToLocalInput, localInputToIso, recurrenceProblem } from '../../lib/change-form';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../../session';

type BlackoutInput = NonNullable<operations['updateBlackoutWindow']['requestBody']>['content']['application/json'] & {
  name: string;
  reason: string;
  start: string;
  end: string;
};

const recurrenceHint =
  'Optional. An iCalendar RRULE repeating the window, e.g. FREQ=MONTHLY;BYDAY=-1FR (last Friday of each month), ' +
  'FREQ=WEEKLY;BYDAY=SA,SU (every weekend) or FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24. Start and end give the first ' +
  'occurrence.';

/** Admins: blackout windows (change freezes): list, create, edit (If-Match), delete; optionally recurring. */
export default function Blackouts() {
  const { api } = useSession();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [editing, setEditing] = useState<BlackoutView>();
  const services = useLoad(
    async () => ok(await api.GET('/services', { params: { query: { limit: 100 } } })).items.filter((s) => s.active),
    [api],
  );
  const blackouts = useLoad(
    async () => ok(await api.GET('/blackout-windows', { params: { query: { limit: 100 } } })).items,
    [api],
  );

  async function save(body: BlackoutInput, existing?: BlackoutView): Promise<boolean> {
    try {
      if (existing) {
        const read = await api.GET('/blackout-windows/{id}', { params: { path: { id: existing.id } } });
        ok(
          await api.PATCH('/blackout-windows/{id}', {
            params: { path: { id: existing.id }, header: { 'If-Match': etagOf(read.response) } },
            body,
          }),
        );
      } else {
        ok(
          await api.POST('/blackout-windows', {
            body: { ...body, recurrence: body.recurrence ?? undefined },
            headers: { 'Idempotency-Key': crypto.randomUUID() },
          }),
        );
      }
      setError(undefined);
      setEditing(undefined);
      setNotice(`Blackout window “${body.name}” ${existing ? 'saved' : 'created'}.`);
      await blackouts.reload();
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  }

  async function remove(b: BlackoutView) {
    try {
      await api.DELETE('/blackout-windows/{id}', { params: { path: { id: b.id } } });
      setError(undefined);
      setNotice(`Blackout window “${b.name}” deleted.`);
    } catch (e) {
      setError(e);
    }
    await blackouts.reload();
  }

  return (
    <>
      <h1>Blackout windows</h1>
      <p className="muted">
        No change may be planned inside a blackout window, unless it is an emergency change whose change manager gives
        an override reason.
      </p>
      <div aria-live="polite">{notice && <p className="alert alert-ok">{notice}</p>}</div>
      <ProblemAlert error={error ?? blackouts.error} />
      {blackouts.data?.length === 0 && <p className="empty">No blackout windows.</p>}
      {blackouts.data && blackouts.data.length > 0 && (
        <table className="tickets">
          <caption>Blackout windows</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Window</th>
              <th scope="col">Repeats</th>
              <th scope="col">Services</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {blackouts.data.map((b) => (
              <tr key={b.id} data-blackout={b.name}>
                <td>
                  {b.name}
                  <br />
                  <span className="muted">{b.reason}</span>
                </td>
                <td>
                  <time dateTime={b.start}>{formatDateTime(b.start)}</time> –{' '}
                  <time dateTime={b.end}>{formatDateTime(b.end)}</time>
                </td>
                <td>{b.recurrence ? <code>{b.recurrence}</code> : 'no'}</td>
                <td>{b.services?.length ? b.services.map((s) => s.name ?? s.id).join(', ') : 'All services'}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="button-secondary"
                    aria-label={`Edit ${b.name}`}
                    onClick={() => setEditing(b)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="button-secondary"
                    aria-label={`Delete ${b.name}`}
                    onClick={() => void remove(b)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <BlackoutForm
          key={editing.id}
          title={`Edit the blackout window ${editing.name}`}
          submitLabel="Save blackout window"
          initial={editing}
          services={services.data ?? []}
          error={error}
          onSubmit={(body) => save(body, editing)}
          onCancel={() => setEditing(undefined)}
        />
      )}
      <BlackoutForm
        title="Add a blackout window"
        submitLabel="Add blackout window"
        services={services.data ?? []}
        error={editing ? undefined : error}
        onSubmit={(body) => save(body)}
      />
    </>
  );
}

function BlackoutForm({
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
  initial?: BlackoutView;
  services: readonly { id: string; name: string }[];
  error: unknown;
  onSubmit(body: BlackoutInput): Promise<boolean>;
  onCancel?(): void;
}) {
  const [checked, setChecked] = useState<Record<string, string>>({});
  const fields = { ...fieldsOf(error), ...checked };
  const headingId = initial ? `edit-blackout-${initial.id}` : 'add-blackout';
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const recurrence = text('recurrence').replace(/^RRULE:/i, '');
    const problem = recurrenceProblem(recurrence);
    setChecked(problem ? { recurrence: problem } : {});
    if (problem) return;
    const chosen = form.getAll('services').map((id) => ({ id: String(id) }));
    const body: BlackoutInput = {
      name: text('name'),
      reason: text('reason'),
      start: localInputToIso(text('start')) ?? '',
      end: localInputToIso(text('end')) ?? '',
      services: chosen,
    };
    if (recurrence) body.recurrence = recurrence;
    else if (initial?.recurrence) body.recurrence = null;
    if (await onSubmit(body)) if (!initial) formElement.reset();
  }
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <form className="form" noValidate onSubmit={submit} aria-label={title}>
        <div className="field-row">
          <Field label="Name" error={fields.name}>
            <input name="name" defaultValue={initial?.name} autoComplete="off" />
          </Field>
          <Field label="Reason" error={fields.reason} hint="Why changes must wait (shown to requesters).">
            <input name="reason" defaultValue={initial?.reason} autoComplete="off" />
          </Field>
        </div>
        <div className="field-row">
          <Field label="Starts" error={fields.start} hint="Your local time.">
            <input type="datetime-local" name="start" defaultValue={isoToLocalInput(initial?.start)} />
          </Field>
          <Field label="Ends" error={fields.end}>
            <input type="datetime-local" name="end" defaultValue={isoToLocalInput(initial?.end)} />
          </Field>
        </div>
        <Field label="Recurrence" error={fields.recurrence} hint={recurrenceHint}>
          <input name="recurrence" defaultValue={initial?.recurrence} autoComplete="off" spellCheck={false} />
        </Field>
        <fieldset className="choices">
          <legend>Services it applies to (none ticked: every service)</legend>
          {services.map((s) => (
            <label key={s.id} className="checkbox">
              <input
                type="checkbox"
                name="services"
                value={s.id}
                defaultChecked={initial?.services?.some((x) => x.id === s.id)}
              />{' '}
              {s.name}
            </label>
          ))}
        </fieldset>
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
