import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import type { ChangeView } from '../../api/changes';
import { ok } from '../../api/client';
import { Field } from '../../components/field';
import { useLoad } from '../../components/use-load';
import { cisText, isoToLocalInput, localInputToIso, parseCis } from '../../lib/change-form';
import {
  type ChangeStatus,
  changeMoves,
  mayRecordImplementation,
  mayReview,
  moveLabel,
  type ReviewOutcome,
  reviewOutcomes,
} from '../../lib/change-workflow';
import { formatDateTime, humanize } from '../../lib/format';
import { useSession } from '../../session';
import type { Blocked, ChangePatch } from './change-page';

type Update = (patch: ChangePatch) => Promise<boolean>;

/**
 * What scheduling found. A blackout hit blocks the move or edit that was refused (an error); an emergency change can
 * be pushed through with an override reason (audited). Overlaps with other changes on a shared service or CI are
 * warnings only.
 */
export function ConflictsPanel({
  change,
  blocked,
  viewerMayEdit,
  update,
}: {
  change: ChangeView;
  blocked?: Blocked;
  viewerMayEdit: boolean;
  update: Update;
}) {
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const stored = change.conflicts;
  const blackouts = blocked?.blackouts.length ? blocked.blackouts : (stored?.blackouts ?? []);
  const overlaps = stored?.overlaps ?? [];
  if (!blocked && blackouts.length === 0 && overlaps.length === 0 && !change.blackoutOverride) return null;

  async function override(event: FormEvent) {
    event.preventDefault();
    if (!blocked) return;
    if (!reason.trim()) {
      setReasonError('Say why the change cannot wait until the blackout ends');
      return;
    }
    setReasonError(undefined);
    await update({ ...blocked.patch, blackoutOverride: { reason: reason.trim() } });
  }

  return (
    <section aria-labelledby="conflicts-title" className="panel">
      <h2 id="conflicts-title">Schedule conflicts</h2>
      {blackouts.length > 0 && !change.blackoutOverride && (
        <div className="alert alert-error" data-testid="blackout-conflicts">
          <p>The planned window falls in {blackouts.length === 1 ? 'a blackout window' : 'blackout windows'}:</p>
          <ul>
            {blackouts.map((b) => (
              <li key={`${b.name}-${b.start}`}>
                <strong>{b.name}</strong>
                {b.start && (
                  <>
                    {' '}
                    (<time dateTime={b.start}>{formatDateTime(b.start)}</time> –{' '}
                    <time dateTime={b.end}>{formatDateTime(b.end)}</time>)
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {change.blackoutOverride && (
        <p className="alert alert-warning" data-testid="blackout-override">
          Blackout overridden by {change.blackoutOverride.by.name ?? change.blackoutOverride.by.username} on{' '}
          <time dateTime={change.blackoutOverride.at}>{formatDateTime(change.blackoutOverride.at)}</time>:{' '}
          {change.blackoutOverride.reason}
        </p>
      )}
      {blocked && change.type === 'emergency' && viewerMayEdit && (
        <form className="form" noValidate onSubmit={override} aria-label="Override the blackout">
          <Field
            label="Override reason"
            error={reasonError}
            hint="Emergency changes only: why it cannot wait (recorded in the change's history)."
          >
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} />
          </Field>
          <button type="submit">Override the blackout and retry</button>
        </form>
      )}
      {blocked && change.type !== 'emergency' && (
        <p>Move the planned window out of the blackout. Only emergency changes can override a blackout.</p>
      )}
      {overlaps.length > 0 && (
        <div className="alert alert-warning" data-testid="overlaps">
          <p>Other changes planned at the same time on the same services or CIs (a warning):</p>
          <ul>
            {overlaps.map((o) => (
              <li key={o.changeId}>
                <Link to={`/changes/${o.number}`}>{o.number}</Link> {o.title} (
                <time dateTime={o.plannedStart}>{formatDateTime(o.plannedStart)}</time> –{' '}
                <time dateTime={o.plannedEnd}>{formatDateTime(o.plannedEnd)}</time>):{' '}
                {o.shared.map((s) => s.name).join(', ')}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** The status moves the viewer may make now; cancelling asks for a reason. */
export function StatusPanel({
  change,
  update,
  problems,
}: {
  change: ChangeView;
  update: Update;
  problems: Record<string, string>;
}) {
  const { me } = useSession();
  const moves = changeMoves(change, me);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  if (moves.length === 0) {
    if (change.status === 'authorize')
      return (
        <p className="panel-note" data-testid="awaiting">
          Waiting for the approvers: the workflow schedules or rejects the change when they have decided.
        </p>
      );
    return null;
  }

  async function move(to: ChangeStatus) {
    if (to === 'cancelled') {
      setCancelling(true);
      return;
    }
    await update({ status: to });
  }

  async function cancel(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setReasonError('Say why the change is cancelled');
      return;
    }
    await update({ status: 'cancelled', closeReason: reason.trim() });
  }

  return (
    <section aria-labelledby="moves-title" className="panel">
      <h2 id="moves-title">Next step</h2>
      {problems.status && <p className="field-error">{problems.status}</p>}
      {problems.plannedStart && <p className="field-error">Planned window: {problems.plannedStart}</p>}
      <div className="actions">
        {moves.map((to) => (
          <button
            key={to}
            type="button"
            className={to === 'cancelled' || to === 'draft' ? 'button-secondary' : undefined}
            onClick={() => void move(to)}
          >
            {moveLabel(to)}
          </button>
        ))}
      </div>
      {cancelling && (
        <form className="form" noValidate onSubmit={cancel} aria-label="Cancel the change">
          <Field label="Why is it cancelled?" error={reasonError ?? problems.closeReason}>
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} />
          </Field>
          <div className="actions">
            <button type="submit">Confirm cancellation</button>
            <button type="button" className="button-secondary" onClick={() => setCancelling(false)}>
              Keep the change
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** The implementer's record: implemented (the review follows) or failed (backed out). */
export function ImplementationPanel({
  change,
  update,
  problems,
}: {
  change: ChangeView;
  update: Update;
  problems: Record<string, string>;
}) {
  const { me } = useSession();
  const [checked, setChecked] = useState<Record<string, string>>({});
  const record = change.implementation;
  const may = mayRecordImplementation(change, me) && !record;
  if (!record && !may) return null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const outcome = String(form.get('outcome') ?? '');
    const notes = String(form.get('notes') ?? '').trim();
    const errors: Record<string, string> = {};
    if (!outcome) errors.outcome = 'Say whether it worked';
    if (!notes) errors.notes = 'Say what was done';
    setChecked(errors);
    if (Object.keys(errors).length) return;
    await update({ implementation: { outcome: outcome as 'implemented' | 'failed', notes } });
  }
  const fields = { ...problems, ...checked };

  return (
    <section aria-labelledby="implementation-title" className="panel">
      <h2 id="implementation-title">Implementation</h2>
      {record ? (
        <>
          <p data-testid="implementation">
            {record.outcome === 'implemented' ? 'Implemented' : 'Failed (backed out)'} by{' '}
            {record.by.name ?? record.by.username} on{' '}
            <time dateTime={record.completedAt}>{formatDateTime(record.completedAt)}</time>. The post-implementation
            review opens on <time dateTime={record.reviewDueAt}>{formatDateTime(record.reviewDueAt)}</time>.
          </p>
          <p className="description">{record.notes}</p>
        </>
      ) : (
        <form className="form" noValidate onSubmit={submit} aria-label="Record the implementation">
          <Field label="Outcome" error={fields.outcome}>
            <select name="outcome" defaultValue="">
              <option value="">Choose…</option>
              <option value="implemented">Implemented</option>
              <option value="failed">Failed (backed out)</option>
            </select>
          </Field>
          <Field label="Implementation notes" error={fields.notes}>
            <textarea name="notes" rows={3} />
          </Field>
          <button type="submit">Record the implementation</button>
        </form>
      )}
    </section>
  );
}

/** The post-implementation review: outcome and lessons learned; it closes the change. */
export function ReviewPanel({
  change,
  update,
  problems,
}: {
  change: ChangeView;
  update: Update;
  problems: Record<string, string>;
}) {
  const { me } = useSession();
  const [checked, setChecked] = useState<Record<string, string>>({});
  const review = change.review;
  const may = mayReview(change, me);
  if (!may && !review?.reviewedAt) return null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const outcome = String(form.get('outcome') ?? '');
    const lessonsLearned = String(form.get('lessonsLearned') ?? '').trim();
    const errors: Record<string, string> = {};
    if (!outcome) errors.outcome = 'Pick the review’s outcome';
    if (!lessonsLearned) errors.lessonsLearned = 'What did we learn?';
    setChecked(errors);
    if (Object.keys(errors).length) return;
    await update({ review: { outcome: outcome as ReviewOutcome, lessonsLearned } });
  }
  const fields = { ...problems, ...checked };

  return (
    <section aria-labelledby="review-title" className="panel">
      <h2 id="review-title">Post-implementation review</h2>
      {review?.reviewedAt ? (
        <>
          <p data-testid="review">
            {humanize(review.outcome ?? 'pending')} — reviewed
            {review.reviewedBy ? ` by ${review.reviewedBy.name ?? review.reviewedBy.username}` : ''} on{' '}
            <time dateTime={review.reviewedAt}>{formatDateTime(review.reviewedAt)}</time>.
          </p>
          <p className="description">{review.lessonsLearned}</p>
        </>
      ) : (
        <form className="form" noValidate onSubmit={submit} aria-label="Review the change">
          <Field label="Review outcome" error={fields.outcome}>
            <select name="outcome" defaultValue="">
              <option value="">Choose…</option>
              {reviewOutcomes.map((o) => (
                <option key={o} value={o}>
                  {humanize(o)}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Lessons learned" error={fields.lessonsLearned}>
            <textarea name="lessonsLearned" rows={3} />
          </Field>
          <button type="submit">Close with this review</button>
        </form>
      )}
    </section>
  );
}

/**
 * Edit the change's fields. Once the change is authorised, a material edit (plans, window, risk, services, CIs) sends
 * it back to authorisation: the old votes no longer count — said before the person saves.
 */
export function EditPanel({
  change,
  update,
  problems,
}: {
  change: ChangeView;
  update: Update;
  problems: Record<string, string>;
}) {
  const { api } = useSession();
  const [open, setOpen] = useState(false);
  const services = useLoad(
    async () =>
      open ? ok(await api.GET('/services', { params: { query: { limit: 100 } } })).items.filter((s) => s.active) : [],
    [api, open],
  );
  const authorised = ['authorize', 'scheduled'].includes(change.status);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const patch: Record<string, unknown> = {};
    const put = (key: keyof ChangePatch, value: unknown, before: unknown) => {
      if (JSON.stringify(value) !== JSON.stringify(before)) patch[key] = value;
    };
    put('title', text('title'), change.title);
    put('description', text('description'), change.description);
    put('implementationPlan', text('implementationPlan'), change.implementationPlan);
    put('backoutPlan', text('backoutPlan'), change.backoutPlan);
    put('testPlan', text('testPlan'), change.testPlan);
    put('plannedStart', localInputToIso(text('plannedStart')), change.plannedStart);
    put('plannedEnd', localInputToIso(text('plannedEnd')), change.plannedEnd);
    const chosen = form.getAll('services').map(String).sort();
    const before = change.services.flatMap((s) => (s.id ? [s.id] : [])).sort();
    if (JSON.stringify(chosen) !== JSON.stringify(before)) patch.services = chosen.map((id) => ({ id }));
    put(
      'cis',
      parseCis(text('cis')),
      change.cis.map((c) => ({ name: c.name })),
    );
    if (Object.keys(patch).length === 0) {
      setOpen(false);
      return;
    }
    if (await update(patch as ChangePatch)) setOpen(false);
  }

  if (!open)
    return (
      <p>
        <button type="button" className="button-secondary" onClick={() => setOpen(true)}>
          Edit the change
        </button>
      </p>
    );
  return (
    <section aria-labelledby="edit-title" className="panel">
      <h2 id="edit-title">Edit the change</h2>
      {authorised && (
        <p className="alert alert-warning">
          This change is {change.status === 'scheduled' ? 'authorised' : 'being authorised'}: changing its plans,
          window, services or CIs sends it back to authorisation, and the votes cast so far no longer count.
        </p>
      )}
      <form className="form" noValidate onSubmit={submit} aria-label="Edit the change">
        <Field label="Title" error={problems.title}>
          <input name="title" defaultValue={change.title} autoComplete="off" />
        </Field>
        <Field label="Description" error={problems.description}>
          <textarea name="description" defaultValue={change.description} rows={3} />
        </Field>
        <Field label="Implementation plan" error={problems.implementationPlan}>
          <textarea name="implementationPlan" defaultValue={change.implementationPlan} rows={3} />
        </Field>
        <Field label="Backout plan" error={problems.backoutPlan}>
          <textarea name="backoutPlan" defaultValue={change.backoutPlan} rows={3} />
        </Field>
        <Field label="Test plan" error={problems.testPlan}>
          <textarea name="testPlan" defaultValue={change.testPlan} rows={3} />
        </Field>
        <div className="field-row">
          <Field label="Planned start" error={problems.plannedStart} hint="Your local time.">
            <input type="datetime-local" name="plannedStart" defaultValue={isoToLocalInput(change.plannedStart)} />
          </Field>
          <Field label="Planned end" error={problems.plannedEnd}>
            <input type="datetime-local" name="plannedEnd" defaultValue={isoToLocalInput(change.plannedEnd)} />
          </Field>
        </div>
        <fieldset className="choices">
          <legend>Affected services</legend>
          {(services.data ?? []).map((s) => (
            <label key={s.id} className="checkbox">
              <input
                type="checkbox"
                name="services"
                value={s.id}
                defaultChecked={change.services.some((c) => c.id === s.id)}
              />{' '}
              {s.name}
            </label>
          ))}
        </fieldset>
        <Field label="Configuration items" error={problems.cis} hint="One per line.">
          <textarea name="cis" defaultValue={cisText(change.cis)} rows={2} />
        </Field>
        <div className="actions">
          <button type="submit">Save the change</button>
          <button type="button" className="button-secondary" onClick={() => setOpen(false)}>
            Cancel editing
          </button>
        </div>
      </form>
    </section>
  );
}
