import { type FormEvent, useState } from 'react';
import { type Incident, ok } from '../../api/client';
import { Field } from '../../components/field';
import { fieldsOf, ProblemAlert } from '../../components/problem-alert';
import { useSession } from '../../session';
import type { Patch } from './ticket-page';

/**
 * Major incidents: declare one, link children to it, post an update that reaches every child, and resolve the
 * children once the major is resolved (each child shows a banner pointing at its major).
 */
export function MajorPanel({
  incident,
  update,
  onChanged,
}: {
  incident: Incident;
  update: (patch: NonNullable<Patch>) => Promise<boolean>;
  onChanged(): Promise<void>;
}) {
  const { api } = useSession();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const fields = fieldsOf(error);
  const key = () => ({ 'Idempotency-Key': crypto.randomUUID() });
  const path = { id: incident.id };

  async function run(action: () => Promise<string>, form?: HTMLFormElement) {
    try {
      setNotice(await action());
      setError(undefined);
      form?.reset();
      await onChanged();
    } catch (e) {
      setError(e);
      setNotice(undefined);
    }
  }

  if (!incident.major) {
    if (incident.parentId || incident.status === 'closed') return null;
    return (
      <section aria-labelledby="major-title" className="panel">
        <h2 id="major-title">Major incident</h2>
        <p>Many callers with the same problem? Declare it major and link their tickets to it.</p>
        <button type="button" className="button-secondary" onClick={() => void update({ major: true })}>
          Declare major incident
        </button>
      </section>
    );
  }
  const text = (event: FormEvent<HTMLFormElement>, name: string) =>
    String(new FormData(event.currentTarget).get(name) ?? '').trim();
  return (
    <section aria-labelledby="major-title" className="panel panel-major">
      <h2 id="major-title">Major incident</h2>
      <div aria-live="polite">{notice && <p className="alert alert-ok">{notice}</p>}</div>
      <ProblemAlert error={error} />
      <div className="agent-actions">
        <form
          className="form"
          aria-label="Link a child ticket"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const target = text(event, 'target');
            const form = event.currentTarget;
            void run(async () => {
              await api.POST('/incidents/{id}/links', {
                params: { path },
                body: { type: 'child', target },
                headers: key(),
              });
              return `${target} is now a child of ${incident.number}.`;
            }, form);
          }}
        >
          <Field label="Child ticket number" error={fields.target}>
            <input name="target" autoComplete="off" placeholder="INC0001002" />
          </Field>
          <button type="submit">Link child</button>
        </form>
        <form
          className="form"
          aria-label="Post an update"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const body = text(event, 'update');
            const form = event.currentTarget;
            void run(async () => {
              await api.POST('/incidents/{id}/major-updates', { params: { path }, body: { body }, headers: key() });
              return 'Update posted to the major incident and every child.';
            }, form);
          }}
        >
          <Field label="Update for every caller" error={fields.body}>
            <textarea name="update" rows={2} />
          </Field>
          <button type="submit">Post update</button>
        </form>
      </div>
      <button
        type="button"
        className="button-secondary"
        disabled={incident.status !== 'resolved' && incident.status !== 'closed'}
        onClick={() =>
          void run(async () => {
            const data = ok(await api.POST('/incidents/{id}/resolve-children', { params: { path } }));
            return `Children resolved: ${data.succeeded} done, ${data.skipped} already resolved, ${data.failed} failed.`;
          })
        }
      >
        Resolve children
      </button>
    </section>
  );
}
