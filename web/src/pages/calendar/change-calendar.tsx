import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { CalendarView as CalendarData } from '../../api/changes';
import { ok } from '../../api/client';
import { ChangeStatusBadge } from '../../components/change-table';
import { Field } from '../../components/field';
import { ProblemAlert } from '../../components/problem-alert';
import { useLoad } from '../../components/use-load';
import { agenda, type CalendarView, dayKey, parseDayKey, periodOf, periodTitle, shiftPeriod } from '../../lib/calendar';
import { formatDateTime, humanize } from '../../lib/format';
import { useSession } from '../../session';

type Entry =
  | { kind: 'change'; start: string; end: string; change: CalendarData['changes'][number] }
  | { kind: 'blackout'; start: string; end: string; blackout: CalendarData['blackouts'][number] };

const dayTitle = (d: Date) =>
  new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' }).format(d);

/**
 * The change calendar: a week or a month as a list of days (each day its planned changes and blackout windows), with
 * previous/next navigation kept in the URL (`?view=week&date=2026-12-07`); and the subscription panel for a calendar
 * client (the secret feed URL: create, rotate, revoke) and a one-off .ics download.
 */
export default function ChangeCalendar() {
  const { api } = useSession();
  const [params, setParams] = useSearchParams();
  const view: CalendarView = params.get('view') === 'month' ? 'month' : 'week';
  const anchor = parseDayKey(params.get('date')) ?? new Date();
  const period = periodOf(view, anchor);
  const from = period.from.toISOString();
  const to = period.to.toISOString();
  const calendar = useLoad(
    async () => ok(await api.GET('/changes/calendar', { params: { query: { from, to } } })),
    [api, from, to],
  );
  const entries: Entry[] = [
    ...(calendar.data?.changes ?? []).map((change) => ({
      kind: 'change' as const,
      start: change.plannedStart,
      end: change.plannedEnd,
      change,
    })),
    ...(calendar.data?.blackouts ?? []).map((blackout) => ({
      kind: 'blackout' as const,
      start: blackout.start,
      end: blackout.end,
      blackout,
    })),
  ];
  const days = agenda(period, entries);
  const link = (v: CalendarView, date: Date) => `?view=${v}&date=${dayKey(date)}`;

  return (
    <>
      <h1>Change calendar</h1>
      <nav className="calendar-nav" aria-label="Calendar period">
        <Link className="button button-secondary" to={link(view, shiftPeriod(view, anchor, -1))}>
          Previous {view}
        </Link>
        <Link className="button button-secondary" to={link(view, new Date())}>
          This {view}
        </Link>
        <Link className="button button-secondary" to={link(view, shiftPeriod(view, anchor, 1))}>
          Next {view}
        </Link>
        <Field label="Show">
          <select value={view} onChange={(e) => setParams({ view: e.target.value, date: dayKey(period.from) })}>
            <option value="week">A week</option>
            <option value="month">A month</option>
          </select>
        </Field>
      </nav>
      <h2 aria-live="polite" data-testid="period">
        {periodTitle(view, period)}
      </h2>
      <ProblemAlert error={calendar.error} />
      {calendar.data && days.length === 0 && <p className="empty">No changes or blackout windows in this {view}.</p>}
      {days.map(({ day, entries: today }) => (
        <section key={dayKey(day)} className="calendar-day" aria-labelledby={`day-${dayKey(day)}`}>
          <h3 id={`day-${dayKey(day)}`}>{dayTitle(day)}</h3>
          <ul className="calendar-entries">
            {today.map((e) =>
              e.kind === 'change' ? (
                <li key={`c-${e.change.id}`} className="calendar-change" data-number={e.change.number}>
                  <Link to={`/changes/${e.change.number}`}>{e.change.number}</Link> {e.change.title}{' '}
                  <ChangeStatusBadge status={e.change.status} />{' '}
                  <span className="muted">{humanize(e.change.type)}</span>{' '}
                  <span className="calendar-when">
                    <time dateTime={e.start}>{formatDateTime(e.start)}</time> –{' '}
                    <time dateTime={e.end}>{formatDateTime(e.end)}</time>
                  </span>
                  {e.change.services.length > 0 && (
                    <span className="muted"> · {e.change.services.map((s) => s.name).join(', ')}</span>
                  )}
                </li>
              ) : (
                <li key={`b-${e.blackout.id}-${e.start}`} className="calendar-blackout" data-blackout={e.blackout.id}>
                  <span className="badge badge-blackout">Blackout</span> {e.blackout.name}{' '}
                  <span className="calendar-when">
                    <time dateTime={e.start}>{formatDateTime(e.start)}</time> –{' '}
                    <time dateTime={e.end}>{formatDateTime(e.end)}</time>
                  </span>
                </li>
              ),
            )}
          </ul>
        </section>
      ))}
      <SubscribePanel from={from} to={to} />
    </>
  );
}

/** The caller's secret feed URL for calendar clients (they cannot send a bearer token), and an .ics download. */
function SubscribePanel({ from, to }: { from: string; to: string }) {
  const { api } = useSession();
  const [url, setUrl] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();
  const feed = useLoad(async () => ok(await api.GET('/calendar/feed')), [api]);

  async function act(what: () => Promise<void>, said: string) {
    try {
      await what();
      setError(undefined);
      setNotice(said);
      await feed.reload();
    } catch (e) {
      setError(e);
    }
  }
  const create = () =>
    act(
      async () => {
        const made = ok(
          await api.POST('/calendar/feed', { params: { header: { 'Idempotency-Key': crypto.randomUUID() } } }),
        );
        setUrl(made.url);
      },
      feed.data?.active
        ? 'A new feed URL replaces the old one (the old one no longer works).'
        : 'Your feed URL is ready.',
    );
  const revoke = () =>
    act(async () => {
      await api.DELETE('/calendar/feed');
      setUrl(undefined);
    }, 'The feed URL is revoked: calendar clients using it get nothing more.');
  const copy = () =>
    act(async () => {
      if (url) await navigator.clipboard.writeText(url);
    }, 'Copied to the clipboard.');
  const download = () =>
    act(async () => {
      const result = await api.GET('/changes/calendar.ics', {
        params: { query: { from, to } },
        parseAs: 'blob',
      });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(ok(result));
      link.download = 'nimbus-changes.ics';
      link.click();
      URL.revokeObjectURL(link.href);
    }, 'Downloaded nimbus-changes.ics.');

  return (
    <section aria-labelledby="subscribe-title" className="panel">
      <h2 id="subscribe-title">Subscribe</h2>
      <p>
        Calendar clients (Outlook, Google Calendar, Apple Calendar) subscribe to a secret address: anyone who has it can
        read the change calendar, so keep it to yourself, and rotate or revoke it if it leaks.
      </p>
      <div aria-live="polite">{notice && <p className="alert alert-ok">{notice}</p>}</div>
      <ProblemAlert error={error ?? feed.error} />
      {feed.data && (
        <p data-testid="feed-state">
          {feed.data.active ? (
            <>
              Your feed is active since{' '}
              <time dateTime={feed.data.createdAt}>{formatDateTime(feed.data.createdAt)}</time>
              {feed.data.lastUsedAt ? (
                <>
                  , last read <time dateTime={feed.data.lastUsedAt}>{formatDateTime(feed.data.lastUsedAt)}</time>
                </>
              ) : (
                ', not read yet'
              )}
              .
            </>
          ) : (
            'You have no feed URL.'
          )}
        </p>
      )}
      {url && (
        <Field label="Your feed URL" hint="Shown once: copy it into your calendar client now.">
          <input readOnly value={url} onFocus={(e) => e.target.select()} />
        </Field>
      )}
      <div className="actions">
        <button type="button" onClick={() => void create()}>
          {feed.data?.active ? 'Rotate the feed URL' : 'Create a feed URL'}
        </button>
        {url && (
          <button type="button" className="button-secondary" onClick={() => void copy()}>
            Copy
          </button>
        )}
        {feed.data?.active && (
          <button type="button" className="button-secondary" onClick={() => void revoke()}>
            Revoke the feed URL
          </button>
        )}
        <button type="button" className="button-secondary" onClick={() => void download()}>
          Download this period (.ics)
        </button>
      </div>
    </section>
  );
}
