import { type FormEvent, useState } from 'react';
import { type Incident, ok } from '../../api/client';
import { Field } from '../../components/field';
import { ProblemAlert } from '../../components/problem-alert';
import { problemMessage } from '../../lib/problem';
import { useSession } from '../../session';

type BulkBody = NonNullable<Parameters<ReturnType<typeof useSession>['api']['POST']>[1]>['body'];
interface ItemResult {
  readonly id: string;
  readonly status: number;
  readonly problem?: { readonly status: number; readonly code: string; readonly detail?: string };
}

/** Bulk actions on the selected queue rows (POST /incidents/bulk) with each item's own result (207). */
export function BulkBar({
  selected,
  items,
  onDone,
}: {
  selected: ReadonlySet<string>;
  items: readonly Incident[];
  onDone(): void;
}) {
  const { api, me } = useSession();
  const [results, setResults] = useState<readonly ItemResult[]>();
  const [error, setError] = useState<unknown>();
  const [action, setAction] = useState<'assign' | 'in_progress' | 'comment'>('assign');
  const numbers = new Map(items.map((i) => [i.id, i.number]));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const ids = [...selected];
    const text = String(new FormData(event.currentTarget).get('body') ?? '');
    const body =
      action === 'assign'
        ? { action: 'assign' as const, ids, assignee: me.id }
        : action === 'in_progress'
          ? { action: 'status' as const, ids, status: 'in_progress' as const }
          : { action: 'comment' as const, ids, body: text };
    try {
      const result = ok(
        await api.POST('/incidents/bulk', {
          body: body as BulkBody as never,
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      ) as { results: readonly ItemResult[] };
      setResults(result.results);
      setError(undefined);
      onDone();
    } catch (e) {
      setError(e);
    }
  }

  if (selected.size === 0 && !results) return null;
  return (
    <section aria-labelledby="bulk-title" className="panel">
      <h2 id="bulk-title">{selected.size} selected</h2>
      <ProblemAlert error={error} />
      {selected.size > 0 && (
        <form className="form" onSubmit={submit} aria-label="Bulk action" noValidate>
          <Field label="Action">
            <select value={action} onChange={(e) => setAction(e.target.value as typeof action)}>
              <option value="assign">Assign to me</option>
              <option value="in_progress">Move to In progress</option>
              <option value="comment">Comment</option>
            </select>
          </Field>
          {action === 'comment' && (
            <Field label="Comment">
              <textarea name="body" rows={2} />
            </Field>
          )}
          <button type="submit">Apply to {selected.size}</button>
        </form>
      )}
      {results && (
        <ul className="bulk-results" aria-label="Results">
          {results.map((r) => (
            <li key={r.id} className={r.problem ? 'result-failed' : 'result-ok'}>
              <strong>{numbers.get(r.id) ?? r.id}</strong>:{' '}
              {r.problem ? problemMessage(r.problem.status, r.problem as never) : 'done'}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
