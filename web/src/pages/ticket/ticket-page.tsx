import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { etagOf, type Incident, ok } from '../../api/client';
import { Field } from '../../components/field';
import { fieldsOf, ProblemAlert } from '../../components/problem-alert';
import { PriorityBadge, StatusBadge } from '../../components/status-badge';
import { formatDateTime, humanize } from '../../lib/format';
import { ApiProblem } from '../../lib/problem';
import { changedFields, mergeTimeline, type Names, type TimelineEntry } from '../../lib/timeline';
import { requesterMoves } from '../../lib/workflow';
import { useSession } from '../../session';
import { NotFound } from '../not-found';
import { AgentActions } from './agent-actions';
import { Attachments, OriginalMessages } from './mail-panel';
import { MajorPanel } from './major-panel';
import { SlaClocks } from './sla-clocks';
import { Timeline } from './timeline';

export type Patch = Parameters<ReturnType<typeof useSession>['api']['PATCH']>[1] extends { body?: infer B } ? B : never;

interface Loaded {
  readonly incident: Incident;
  readonly etag: string;
}

/** A 412: the change the person made, the version they had, and the current one. */
interface Conflict {
  readonly patch: NonNullable<Patch>;
  readonly mine: Incident;
  readonly current: Incident;
}

/**
 * One ticket. Portal: the public timeline, comment, close or reopen a resolved ticket, watch/unwatch. Agent workspace:
 * the whole timeline (internal notes distinct), assignment, status moves and SLA clocks. Every update sends If-Match;
 * a 412 shows what changed meanwhile and lets the person apply their change again or discard it.
 */
export default function TicketPage({ mode }: { mode: 'portal' | 'agent' }) {
  const { id = '' } = useParams();
  const { api, me } = useSession();
  const [loaded, setLoaded] = useState<Loaded>();
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>();
  const [timeline, setTimeline] = useState<TimelineEntry[]>([]);
  const [watching, setWatching] = useState<boolean | undefined>();
  const [conflict, setConflict] = useState<Conflict>();
  const [notice, setNotice] = useState<string>();

  const loadIncident = useCallback(async () => {
    const result = await api.GET('/incidents/{id}', { params: { path: { id } } });
    const next = { incident: ok(result), etag: etagOf(result.response) };
    setLoaded(next);
    return next;
  }, [api, id]);

  const loadTimeline = useCallback(
    async (incidentId: string) => {
      const [comments, history] = await Promise.all([
        api.GET('/incidents/{id}/comments', { params: { path: { id: incidentId }, query: { limit: 100 } } }),
        api.GET('/incidents/{id}/history', { params: { path: { id: incidentId }, query: { limit: 100 } } }),
      ]);
      setTimeline(mergeTimeline(ok(comments).items, ok(history).items));
    },
    [api],
  );

  const loadWatching = useCallback(
    async (incidentId: string) => {
      const watchers = ok(
        await api.GET('/incidents/{id}/watchers', { params: { path: { id: incidentId }, query: { limit: 100 } } }),
      );
      setWatching(watchers.items.some((w) => w.userId === me.id));
    },
    [api, me.id],
  );

  useEffect(() => {
    setMissing(false);
    setLoaded(undefined);
    loadIncident().then(
      ({ incident }) => {
        void loadTimeline(incident.id).catch(setError);
        void loadWatching(incident.id).catch(() => setWatching(undefined));
      },
      (e: unknown) => (e instanceof ApiProblem && e.status === 404 ? setMissing(true) : setError(e)),
    );
  }, [loadIncident, loadTimeline, loadWatching]);

  /** PATCH with the ETag we read; on 412 keep the change and show what changed meanwhile. */
  const update = useCallback(
    async (patch: NonNullable<Patch>, etag = loaded?.etag): Promise<boolean> => {
      if (!loaded) return false;
      setNotice(undefined);
      try {
        const result = await api.PATCH('/incidents/{id}', {
          params: { path: { id: loaded.incident.id }, header: { 'If-Match': etag ?? '' } },
          body: patch,
        });
        setLoaded({ incident: ok(result), etag: etagOf(result.response) });
        setError(undefined);
        setConflict(undefined);
        setNotice('Saved.');
        await loadTimeline(loaded.incident.id);
        return true;
      } catch (e) {
        if (e instanceof ApiProblem && e.status === 412) {
          const mine = loaded.incident;
          const current = await loadIncident();
          setConflict({ patch, mine, current: current.incident });
          setError(undefined);
          await loadTimeline(loaded.incident.id);
        } else {
          setError(e);
        }
        return false;
      }
    },
    [api, loaded, loadIncident, loadTimeline],
  );

  if (missing) return <NotFound what="ticket" />;
  if (!loaded) return error ? <ProblemAlert error={error} /> : <p aria-live="polite">Loading…</p>;
  const { incident } = loaded;
  const mine = incident.requester.id === me.id;
  const names: Names = {
    [me.id]: me.name ?? me.username,
    [incident.requester.id]: incident.requester.name,
    ...(incident.assignee && incident.assigneeName ? { [incident.assignee]: incident.assigneeName } : {}),
  };

  return (
    <article aria-labelledby="ticket-title" className="ticket">
      {incident.parentNumber && (
        <p className="banner banner-major" role="note">
          Part of major incident {incident.parentNumber}: follow it for updates.
        </p>
      )}
      <div className="page-head">
        <h1 id="ticket-title">
          <span className="ticket-number">{incident.number}</span> {incident.title}
        </h1>
        {watching !== undefined && (
          <WatchToggle incidentId={incident.id} watching={watching} onChange={setWatching} onError={setError} />
        )}
      </div>
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={incident.status} />
            {incident.holdReason && incident.status === 'on_hold' && ` (${humanize(incident.holdReason)})`}
          </dd>
        </div>
        <div>
          <dt>Priority</dt>
          <dd>
            <PriorityBadge priority={incident.priority} />
          </dd>
        </div>
        <div>
          <dt>Group</dt>
          <dd>{incident.assignmentGroup ?? '—'}</dd>
        </div>
        <div>
          <dt>Assignee</dt>
          <dd data-testid="assignee">{incident.assigneeName ?? incident.assignee ?? 'Unassigned'}</dd>
        </div>
        <div>
          <dt>Requester</dt>
          <dd>{incident.requester.name}</dd>
        </div>
        <div>
          <dt>Raised</dt>
          <dd>
            <time dateTime={incident.createdAt}>{formatDateTime(incident.createdAt)}</time>
          </dd>
        </div>
      </dl>
      <p className="description">{incident.description}</p>
      {incident.status === 'resolved' || incident.status === 'closed' ? (
        <section className="resolution" aria-label="Resolution">
          <h2>Resolution</h2>
          <p>
            {incident.resolutionCode ? humanize(incident.resolutionCode) : 'Resolved'}
            {incident.resolvedAt && (
              <>
                {' '}
                on <time dateTime={incident.resolvedAt}>{formatDateTime(incident.resolvedAt)}</time>
              </>
            )}
          </p>
          {incident.resolutionNotes && <p>{incident.resolutionNotes}</p>}
        </section>
      ) : null}

      <div aria-live="polite" className="notice">
        {notice && <p className="alert alert-ok">{notice}</p>}
      </div>
      <ProblemAlert error={error} />
      {conflict && (
        <ConflictPanel
          conflict={conflict}
          names={names}
          onReapply={() => void update(conflict.patch)}
          onDiscard={() => {
            setConflict(undefined);
            setNotice('Your change was discarded; this is the current version.');
          }}
        />
      )}

      {mode === 'portal' && mine && requesterMoves(incident.status).length > 0 && (
        <section aria-labelledby="requester-actions" className="panel">
          <h2 id="requester-actions">Is it fixed?</h2>
          <p>The desk resolved this ticket. Close it if the problem is gone, or reopen it if it is not.</p>
          <div className="actions">
            <button type="button" onClick={() => void update({ status: 'closed' })}>
              Close ticket
            </button>
            <button type="button" className="button-secondary" onClick={() => void update({ status: 'in_progress' })}>
              Reopen ticket
            </button>
          </div>
        </section>
      )}
      {mode === 'agent' && <AgentActions incident={incident} update={update} problems={fieldsOf(error)} />}
      {mode === 'agent' && (
        <MajorPanel incident={incident} update={update} onChanged={() => loadTimeline(incident.id)} />
      )}
      {mode === 'agent' && <SlaClocks incidentId={incident.id} version={incident.version} />}

      <Attachments incidentId={incident.id} />
      <OriginalMessages incidentId={incident.id} />

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{mode === 'agent' ? 'Timeline' : 'Updates'}</h2>
        <Timeline entries={timeline} names={names} />
        {incident.status !== 'closed' && (
          <CommentForm incidentId={incident.id} agent={mode === 'agent'} onAdded={() => loadTimeline(incident.id)} />
        )}
      </section>
    </article>
  );
}

function ConflictPanel({
  conflict,
  names,
  onReapply,
  onDiscard,
}: {
  conflict: Conflict;
  names: Names;
  onReapply(): void;
  onDiscard(): void;
}) {
  const changed = changedFields(
    conflict.mine as unknown as Record<string, unknown>,
    conflict.current as unknown as Record<string, unknown>,
  );
  return (
    <section className="panel panel-conflict" role="alert" aria-labelledby="conflict-title">
      <h2 id="conflict-title">Someone else changed this ticket meanwhile</h2>
      <p>
        Your change was not saved: the ticket moved from version {conflict.mine.version} to {conflict.current.version}{' '}
        while you were looking at it. What changed:
      </p>
      <ul>
        {changed.map((field) => (
          <li key={field}>
            <strong>{humanize(field)}</strong>: {display(conflict.mine[field as keyof Incident])} →{' '}
            {display(conflict.current[field as keyof Incident])}
          </li>
        ))}
      </ul>
      <p>
        Your change:{' '}
        {Object.entries(conflict.patch)
          .map(([k, v]) => `${humanize(k)} = ${typeof v === 'string' && names[v] ? names[v] : display(v)}`)
          .join(', ')}
      </p>
      <div className="actions">
        <button type="button" onClick={onReapply}>
          Apply my change again
        </button>
        <button type="button" className="button-secondary" onClick={onDiscard}>
          Discard my change
        </button>
      </div>
    </section>
  );
}

function display(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'none';
  if (typeof value === 'object') return String((value as { name?: string }).name ?? JSON.stringify(value));
  return String(value).replaceAll('_', ' ');
}

function WatchToggle({
  incidentId,
  watching,
  onChange,
  onError,
}: {
  incidentId: string;
  watching: boolean;
  onChange(watching: boolean): void;
  onError(error: unknown): void;
}) {
  const { api, me } = useSession();
  async function toggle() {
    try {
      if (watching) {
        await api.DELETE('/incidents/{id}/watchers/{userId}', { params: { path: { id: incidentId, userId: me.id } } });
      } else {
        await api.POST('/incidents/{id}/watchers', {
          params: { path: { id: incidentId } },
          body: {},
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        });
      }
      onChange(!watching);
    } catch (e) {
      onError(e);
    }
  }
  return (
    <button type="button" className="button-secondary" aria-pressed={watching} onClick={() => void toggle()}>
      {watching ? 'Unwatch' : 'Watch'}
    </button>
  );
}

function CommentForm({ incidentId, agent, onAdded }: { incidentId: string; agent: boolean; onAdded(): Promise<void> }) {
  const { api } = useSession();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setBusy(true);
    try {
      await api.POST('/incidents/{id}/comments', {
        params: { path: { id: incidentId } },
        body: {
          body: String(form.get('body') ?? ''),
          visibility: form.get('internal') === 'on' ? 'internal' : 'public',
        },
        headers: { 'Idempotency-Key': crypto.randomUUID() },
      });
      formElement.reset();
      setError(undefined);
      await onAdded();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const fields = fieldsOf(error);
  return (
    <form className="form comment-form" onSubmit={submit} noValidate aria-label="Add a comment">
      <ProblemAlert error={error} />
      <Field label={agent ? 'Comment or internal note' : 'Add a comment'} error={fields.body}>
        <textarea name="body" rows={3} />
      </Field>
      {agent && (
        <label className="checkbox">
          <input type="checkbox" name="internal" /> Internal note (agents only)
        </label>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Sending…' : 'Send'}
      </button>
    </form>
  );
}
