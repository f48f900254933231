import { useState } from 'react';
import { Link } from 'react-router';
import { type ChangeView, loose, type PageView } from '../../api/changes';
import { ok } from '../../api/client';
import { ChangeTable } from '../../components/change-table';
import { Field } from '../../components/field';
import { Pager, useCursorPager } from '../../components/pager';
import { ProblemAlert } from '../../components/problem-alert';
import { useLoad } from '../../components/use-load';
import { changeStatuses, changeStatusLabel, seesAllChanges } from '../../lib/change-workflow';
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
  const [status, setStatus] = useState('');
  const [type, setType] = useState('');
  const [mine, setMine] = useState(!all);
  const changes = useLoad(
    async () =>
      ok(
        await loose(api).GET<PageView<ChangeView>>('/changes', {
          params: {
            query: {
              limit: 20,
              cursor: pager.cursor,
              ...(status ? { status } : {}),
              ...(type ? { type } : {}),
              ...(mine && all ? { mine: true } : {}),
            },
          },
        }),
      ),
    [api, pager.cursor, status, type, mine, all],
  );
  const filter = (set: (value: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value);
    pager.reset();
  };
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
          <select value={status} onChange={filter(setStatus)}>
            <option value="">Any status</option>
            {changeStatuses.map((s) => (
              <option key={s} value={s}>
                {changeStatusLabel(s)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Type">
          <select value={type} onChange={filter(setType)}>
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
