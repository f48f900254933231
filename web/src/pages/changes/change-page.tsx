import { useCallback, useEffect, useState } from 'react';
import { useLocation, useParams } from 'react-router';
import type { ChangePatch, ChangeView } from '../../api/changes';
import { etagOf, ok } from '../../api/client';
import { ChangeStatusBadge, RiskBadge } from '../../components/change-table';
import { fieldsOf, ProblemAlert } from '../../components/problem-alert';
import { useRefresh } from '../../components/use-refresh';
import { mayAssessRisk, mayEditChange } from '../../lib/change-workflow';
import { formatDateTime, humanize } from '../../lib/format';
import { ApiProblem, blackoutsOf } from '../../lib/problem';
import { changedFields, type Names } from '../../lib/timeline';
import { useSession } from '../../session';
import { NotFound } from '../not-found';
import { ApprovalsPanel } from './approvals-panel';
import { ChangeHistory } from './change-history';
import { ConflictsPanel, EditPanel, ImplementationPanel, ReviewPanel, StatusPanel } from './change-panels';
import { RiskPanel } from './risk-panel';

/** A PATCH /changes/{id} body (fields as create, status, riskAnswers, blackoutOverride, implementation, review…). */
export type { ChangePatch };

interface Loaded {
  readonly change: ChangeView;
  readonly etag: string;
}

/** A 412: the update the person made, the version they had, and the current one. */
interface Stale {
  readonly patch: ChangePatch;
  readonly mine: ChangeView;
  readonly current: ChangeView;
}

/** An update refused because the planned window falls in a blackout: what was tried and the blackouts hit. */
export interface Blocked {
  readonly patch: ChangePatch;
  readonly blackouts: readonly { name: string; start?: string; end?: string }[];
}

/**
 * One change: its facts and plans, the moves the viewer may make (the lifecycle table), the risk questionnaire,
 * conflicts (blackouts block unless an emergency gives an override reason; overlaps warn), the approvals of the
 * current round with the vote form for its approvers, the implementation record, the review, and the history.
 * Every update sends If-Match; a 412 shows what changed meanwhile and lets the person re-apply or discard.
 */
export default function ChangePage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const { api, me } = useSession();
  const [loaded, setLoaded] = useState<Loaded>();
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>();
  const [stale, setStale] = useState<Stale>();
  const [blocked, setBlocked] = useState<Blocked>();
  const [notice, setNotice] = useState<string | undefined>(
    (location.state as { created?: boolean } | null)?.created ? 'Change raised.' : undefined,
  );

  const load = useCallback(async () => {
    const result = await api.GET('/changes/{id}', { params: { path: { id } } });
    const next = { change: ok(result), etag: etagOf(result.response) };
    setLoaded(next);
    return next;
  }, [api, id]);

  useEffect(() => {
    setMissing(false);
    setLoaded(undefined);
    load().catch((e: unknown) => (e instanceof ApiProblem && e.status === 404 ? setMissing(true) : setError(e)));
  }, [load]);

  // While the CAB decides, the workflow moves the change: look again now and then.
  const waiting = loaded?.change.status === 'authorize';
  const refresh = useCallback(() => {
    if (waiting) void load().catch(() => undefined);
  }, [waiting, load]);
  useRefresh(refresh, 5_000);

  const update = useCallback(
    async (patch: ChangePatch): Promise<boolean> => {
      if (!loaded) return false;
      setNotice(undefined);
      try {
        const result = await api.PATCH('/changes/{id}', {
          params: { path: { id: loaded.change.id }, header: { 'If-Match': loaded.etag } },
          body: patch,
        });
        setLoaded({ change: ok(result), etag: etagOf(result.response) });
        setError(undefined);
        setStale(undefined);
        setBlocked(undefined);
        setNotice('Saved.');
        return true;
      } catch (e) {
        if (e instanceof ApiProblem && e.status === 412) {
          const mine = loaded.change;
          const current = await load();
          setStale({ patch, mine, current: current.change });
          setError(undefined);
        } else if (e instanceof ApiProblem && e.code === 'BLACKOUT_CONFLICT') {
          setBlocked({ patch, blackouts: blackoutsOf(e.problem) });
          setError(e);
        } else {
          setError(e);
        }
        return false;
      }
    },
    [api, loaded, load],
  );

  if (missing) return <NotFound what="change" />;
  if (!loaded) return error ? <ProblemAlert error={error} /> : <p aria-live="polite">Loading…</p>;
  const { change } = loaded;
  const people = [me, change.requester, change.implementer, change.changeManager].filter(
    (p): p is NonNullable<typeof p> => Boolean(p),
  );
  const names: Names = Object.fromEntries(people.map((p) => [p.id, ('name' in p && p.name) || p.username]));
  const problems = fieldsOf(error);
  const editable = mayEditChange(change, me);

  return (
    <article aria-labelledby="change-title" className="ticket change">
      <div className="page-head">
        <h1 id="change-title">
          <span className="ticket-number">{change.number}</span> {change.title}
        </h1>
      </div>
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd data-testid="change-status">
            <ChangeStatusBadge status={change.status} />
          </dd>
        </div>
        <div>
          <dt>Type</dt>
          <dd>{humanize(change.type)}</dd>
        </div>
        <div>
          <dt>Risk</dt>
          <dd>
            <RiskBadge level={change.risk?.level} />
          </dd>
        </div>
        <div>
          <dt>Planned window</dt>
          <dd>
            {change.plannedStart ? (
              <>
                <time dateTime={change.plannedStart}>{formatDateTime(change.plannedStart)}</time> –{' '}
                <time dateTime={change.plannedEnd}>{formatDateTime(change.plannedEnd)}</time>
              </>
            ) : (
              'Not planned yet'
            )}
          </dd>
        </div>
        <div>
          <dt>Requester</dt>
          <dd>{change.requester.name ?? change.requester.username}</dd>
        </div>
        <div>
          <dt>Implementer</dt>
          <dd>{change.implementer ? (change.implementer.name ?? change.implementer.username) : '—'}</dd>
        </div>
        <div>
          <dt>Change manager</dt>
          <dd>{change.changeManager ? (change.changeManager.name ?? change.changeManager.username) : '—'}</dd>
        </div>
        <div>
          <dt>Raised</dt>
          <dd>
            <time dateTime={change.createdAt}>{formatDateTime(change.createdAt)}</time>
          </dd>
        </div>
      </dl>
      <p className="description">{change.description}</p>
      <dl className="facts plans">
        <div>
          <dt>Services</dt>
          <dd>{change.services.map((s) => s.name).join(', ') || '—'}</dd>
        </div>
        <div>
          <dt>Configuration items</dt>
          <dd>{change.cis.map((c) => c.name).join(', ') || '—'}</dd>
        </div>
        <div>
          <dt>Implementation plan</dt>
          <dd className="plan">{change.implementationPlan || '—'}</dd>
        </div>
        <div>
          <dt>Backout plan</dt>
          <dd className="plan">{change.backoutPlan || '—'}</dd>
        </div>
        <div>
          <dt>Test plan</dt>
          <dd className="plan">{change.testPlan || '—'}</dd>
        </div>
        {change.closeReason && (
          <div>
            <dt>Reason</dt>
            <dd>{change.closeReason}</dd>
          </div>
        )}
      </dl>

      <div aria-live="polite" className="notice">
        {notice && <p className="alert alert-ok">{notice}</p>}
      </div>
      <ProblemAlert error={error} />
      {stale && (
        <StalePanel
          stale={stale}
          onReapply={() => void update(stale.patch)}
          onDiscard={() => {
            setStale(undefined);
            setNotice('Your change was discarded; this is the current version.');
          }}
        />
      )}

      <ConflictsPanel change={change} blocked={blocked} viewerMayEdit={editable} update={update} />
      <StatusPanel key={`status-${change.status}`} change={change} update={update} problems={problems} />
      {(change.type !== 'standard' || change.risk) && (
        <RiskPanel
          key={`risk-${change.version}`}
          change={change}
          editable={mayAssessRisk(change, me)}
          problem={problems.riskAnswers}
          update={update}
        />
      )}
      <ApprovalsPanel change={change} onVoted={() => void load()} />
      <ImplementationPanel change={change} update={update} problems={problems} />
      <ReviewPanel change={change} update={update} problems={problems} />
      {editable && <EditPanel key={`edit-${change.version}`} change={change} update={update} problems={problems} />}

      <ChangeHistory changeId={change.id} version={change.version} names={names} />
    </article>
  );
}

function StalePanel({ stale, onReapply, onDiscard }: { stale: Stale; onReapply(): void; onDiscard(): void }) {
  const changed = changedFields(
    stale.mine as unknown as Record<string, unknown>,
    stale.current as unknown as Record<string, unknown>,
  );
  return (
    <section className="panel panel-conflict" role="alert" aria-labelledby="stale-title">
      <h2 id="stale-title">Someone else changed this change meanwhile</h2>
      <p>
        Your update was not saved: the change moved from version {stale.mine.version} to {stale.current.version} while
        you were looking at it. What changed: {changed.map(humanize).join(', ') || 'nothing visible'}.
      </p>
      <p>Your update: {Object.keys(stale.patch).map(humanize).join(', ')}.</p>
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
