import { type FormEvent, useEffect, useState } from 'react';
import { type Incident, ok } from '../../api/client';
import { Field } from '../../components/field';
import { useLoad } from '../../components/use-load';
import { humanize, statusLabel } from '../../lib/format';
import { agentMoves, holdReasons, type IncidentStatus, resolutionCodes } from '../../lib/workflow';
import { useSession } from '../../session';
import type { Patch } from './ticket-page';

type Update = (patch: NonNullable<Patch>) => Promise<boolean>;

/** Assignment (only members of the incident's group are offered) and the status moves its state allows. */
export function AgentActions({
  incident,
  update,
  problems,
}: {
  incident: Incident;
  update: Update;
  /** The fields the API named in the last failed update (highlighted where they are edited). */
  problems: Record<string, string>;
}) {
  if (incident.status === 'closed') return null;
  return (
    <div className="agent-actions">
      <AssignPanel incident={incident} update={update} problems={problems} />
      <StatusPanel key={incident.status} incident={incident} update={update} problems={problems} />
    </div>
  );
}

interface Person {
  readonly id: string;
  readonly username: string;
  readonly name?: string;
}

function AssignPanel({
  incident,
  update,
  problems,
}: {
  incident: Incident;
  update: Update;
  problems: Record<string, string>;
}) {
  const { api, me } = useSession();
  const group = incident.assignmentGroup;
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<readonly Person[] | undefined>();
  const [assignee, setAssignee] = useState(incident.assignee ?? '');
  const members = useLoad(async () => {
    if (!group) return [] as Person[];
    const page = ok(await api.GET('/groups/{id}/members', { params: { path: { id: group }, query: { limit: 100 } } }));
    return page.items.map((m) => ({ id: m.user.id, username: m.user.username }));
  }, [api, group]);

  // The people picker: the directory's search, narrowed to the group's members.
  useEffect(() => {
    const text = query.trim();
    if (!text) {
      setMatches(undefined);
      return;
    }
    const timer = setTimeout(() => {
      api.GET('/users', { params: { query: { query: text, limit: 50 } } }).then(
        (r) => setMatches(ok(r).items),
        () => setMatches([]),
      );
    }, 200);
    return () => clearTimeout(timer);
  }, [api, query]);

  useEffect(() => setAssignee(incident.assignee ?? ''), [incident.assignee]);

  const memberIds = new Set((members.data ?? []).map((m) => m.id));
  const offered: readonly Person[] = matches ? matches.filter((p) => memberIds.has(p.id)) : (members.data ?? []);
  const iAmMember = memberIds.has(me.id);

  async function submit(event: FormEvent) {
    event.preventDefault();
    await update({ assignee: assignee || null });
  }

  return (
    <section aria-labelledby="assign-title" className="panel">
      <h2 id="assign-title">Assignment</h2>
      {!group ? (
        <p>No group yet: set the group first.</p>
      ) : (
        <form onSubmit={submit} className="form" aria-label="Assign">
          <Field label="Find a member of the group" hint={`Only members of ${group} are offered.`}>
            <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
          </Field>
          <Field label="Assignee" error={problems.assignee}>
            <select value={assignee} onChange={(e) => setAssignee(e.target.value)}>
              <option value="">Unassigned</option>
              {incident.assignee && !offered.some((p) => p.id === incident.assignee) && (
                <option value={incident.assignee}>{incident.assigneeName ?? incident.assignee}</option>
              )}
              {offered.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name ? `${person.name} (${person.username})` : person.username}
                </option>
              ))}
            </select>
          </Field>
          <div className="actions">
            <button type="submit" disabled={assignee === (incident.assignee ?? '')}>
              Assign
            </button>
            {iAmMember && incident.assignee !== me.id && (
              <button type="button" className="button-secondary" onClick={() => void update({ assignee: me.id })}>
                Assign to me
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}

function StatusPanel({
  incident,
  update,
  problems,
}: {
  incident: Incident;
  update: Update;
  problems: Record<string, string>;
}) {
  const moves = agentMoves(incident.status);
  const [target, setTarget] = useState<IncidentStatus | ''>('');
  const [checked, setChecked] = useState<Record<string, string>>({});
  const fields = { ...problems, ...checked };
  if (moves.length === 0) return null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (!target) return;
    const errors: Record<string, string> = {};
    const holdReason = String(form.get('holdReason') ?? '');
    const resolutionCode = String(form.get('resolutionCode') ?? '');
    const resolutionNotes = String(form.get('resolutionNotes') ?? '').trim();
    if (target === 'on_hold' && !holdReason) errors.holdReason = 'Say why the ticket waits';
    if (target === 'resolved' && !resolutionCode) errors.resolutionCode = 'Pick how it was resolved';
    if (target === 'resolved' && !resolutionNotes) errors.resolutionNotes = 'Tell the requester what was done';
    setChecked(errors);
    if (Object.keys(errors).length) return;
    await update({
      status: target,
      ...(target === 'on_hold' ? { holdReason: holdReason as (typeof holdReasons)[number] } : {}),
      ...(target === 'resolved'
        ? { resolutionCode: resolutionCode as (typeof resolutionCodes)[number], resolutionNotes }
        : {}),
    });
  }

  return (
    <section aria-labelledby="status-title" className="panel">
      <h2 id="status-title">Status</h2>
      <form onSubmit={submit} className="form" noValidate aria-label="Change status">
        <Field label="Move to" error={fields.status}>
          <select value={target} onChange={(e) => setTarget(e.target.value as IncidentStatus | '')}>
            <option value="">Choose…</option>
            {moves.map((status) => (
              <option key={status} value={status}>
                {statusLabel(status)}
              </option>
            ))}
          </select>
        </Field>
        {target === 'on_hold' && (
          <Field label="Reason" error={fields.holdReason}>
            <select name="holdReason" defaultValue="">
              <option value="">Choose…</option>
              {holdReasons.map((r) => (
                <option key={r} value={r}>
                  {humanize(r)}
                </option>
              ))}
            </select>
          </Field>
        )}
        {target === 'resolved' && (
          <>
            <Field label="Resolution code" error={fields.resolutionCode}>
              <select name="resolutionCode" defaultValue="">
                <option value="">Choose…</option>
                {resolutionCodes.map((c) => (
                  <option key={c} value={c}>
                    {humanize(c)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Resolution notes" error={fields.resolutionNotes}>
              <textarea name="resolutionNotes" rows={3} />
            </Field>
          </>
        )}
        <button type="submit" disabled={!target}>
          Apply
        </button>
      </form>
    </section>
  );
}
