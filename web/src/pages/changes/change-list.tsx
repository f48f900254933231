import { useState } from 'react';
import { Link } from 'react-router';
import { ok } from '../../api/client';
import { ChangeTable } from '../../components/change-table';
import { Field } from '../../components/field';
import { Pager, useCursorPager } from '../../components/pager';
import { ProblemAlert } from '../../components/problem-alert';
import { useLoad } from '../../components/use-load';
import {
  type ChangeKind,
  type ChangeStatus,
  changeStatuses,
  changeStatusLabel,
  seesAllChanges,
} from '../../lib/change-workflow';
import { useSession } from '../../session';

const types = ['standard', 'normal', 'emergency'] as const;

/**
 * Changes: agents, CAB members, change managers and admins see all of them (or only theirs); requesters the ones they
 * requested or implement. Filters by status and type; cursor paging.
 */
export default function ChangeList() {
  const { api, me } = useSession();
  const all = seesAllChanges(me);
  const pager = useCursorPager();
  const [status, setStatus] = useState<ChangeStatus | ''>('');
  const [type, setType] = useState<ChangeKind | ''>('');
  const [mine, setMine] = useState(!all);
  const changes = useLoad(
    async () =>
      ok(
        await api.GET('/changes', {
          params: {
            query: {
              limit: 20,
              cursor: pager.cursor,
              ...(status ? { status } : {}),
              ...(type ? { type } : {}),
              ...(mine && all ? { mine: 'true' as const } : {}),
            },
          },
        }),
      ),
    [api, pager.cursor, status, type, mine, all],
  );
  return (
    <>
      <div className="page-head">
        <h1>Changes</h1>
        <Link className="button" to="/changes/new">
          New change
        </Link>
      </div>
      <form className="filters" aria-label="Filter changes" onSubmit={(e) => e.preventDefault()}>
        <Field label="Status">
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as ChangeStatus | '');
              pager.reset();
            }}
          >
            <option value="">Any status</option>
            {changeStatuses.map((s) => (
              <option key={s} value={s}>
                {changeStatusLabel(s)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Type">
          <select
            value={type}
            onChange={(e) => {
              setType(e.target.value as ChangeKind | '');
              pager.reset();
            }}
          >
            <option value="">Any type</option>
            {types.map((t) => (
              <option key={t} value={t}>
                {t.charAt(0).toUpperCase() + t.slice(1)}
              </option>
            ))}
          </select>
        </Field>
        {all && (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={mine}
              onChange={(e) => {
                setMine(e.target.checked);
                pager.reset();
              }}
            />{' '}
            Only changes I requested or implement
          </label>
        )}
      </form>
      <ProblemAlert error={changes.error} />
      {changes.data && (
        <>
          <ChangeTable caption={all && !mine ? 'All changes' : 'My changes'} items={changes.data.items} />
          <Pager
            page={pager.page}
            nextCursor={changes.data.nextCursor}
            onNext={pager.next}
            onPrevious={pager.previous}
          />
        </>
      )}
    </>
  );
}
