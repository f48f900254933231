import { calendarDeps, calendarSettings, feedDeps } from '../../compose/calendar';
import {
  createBlackout,
  deleteBlackout,
  getBlackout,
  listBlackouts,
  updateBlackout,
} from '../../domain/calendar/blackouts';
import { calendarView, readCalendar } from '../../domain/calendar/calendar';
import {
  createFeed,
  feedCalendar,
  feedStatus,
  personFeedStatus,
  revokeFeed,
  revokePersonFeed,
} from '../../domain/calendar/feed';
import { calendarIcs } from '../../domain/calendar/ics';
import { callerDeps } from '../kernel/caller';
import type { PracticeOperations } from '../kernel/practice-router';
import { recordOperations } from '../kernel/record-operations';
import { ifMatchVersion } from '../kernel/request';
import { created, noContent, ok, okText } from '../kernel/results';
import type { HttpRequest } from '../kernel/types';

const deps = (request: HttpRequest) => calendarDeps(callerDeps(request));

const blackouts = recordOperations('/blackout-windows', deps, {
  create: createBlackout,
  get: getBlackout,
  update: updateBlackout,
});

const icsType = 'text/calendar; charset=utf-8';

/** The API's public base URL: the configured one, else the host the request came to (API Gateway or the local one). */
function apiBase(request: HttpRequest): string {
  const configured = calendarSettings().apiUrl;
  if (configured) return configured;
  const proto = request.headers['x-forwarded-proto']?.split(',')[0]?.trim() || 'http';
  return `${proto}://${request.headers.host ?? 'localhost'}`;
}

export const calendarOperations: PracticeOperations<'calendar'> = {
  async getChangeCalendar(request) {
    return ok(calendarView(await readCalendar(request.query, deps(request))));
  },

  async getChangeCalendarIcs(request) {
    const d = deps(request);
    const content = await readCalendar(request.query, d);
    const ics = calendarIcs(content, { portalUrl: d.portalUrl, now: d.clock.now().toISOString() });
    return okText(ics, icsType, {
      'content-disposition': 'attachment; filename="nimbus-changes.ics"',
      'cache-control': 'private, no-store',
    });
  },

  async createCalendarFeed(request) {
    const feed = await createFeed(apiBase(request), deps(request));
    return created(feed, '/calendar/feed', {});
  },

  async getCalendarFeed(request) {
    return ok(await feedStatus(deps(request)), undefined, { 'cache-control': 'no-store' });
  },

  async revokeCalendarFeed(request) {
    await revokeFeed(deps(request));
    return noContent();
  },

  async getPersonCalendarFeed(request) {
    return ok(await personFeedStatus(request.params.personId ?? '', deps(request)), undefined, {
      'cache-control': 'no-store',
    });
  },

  async revokePersonCalendarFeed(request) {
    await revokePersonFeed(request.params.personId ?? '', deps(request));
    return noContent();
  },

  async readCalendarFeed(request) {
    const ics = await feedCalendar(request.params.token ?? '', feedDeps());
    return okText(ics, icsType, { 'cache-control': 'private, max-age=300', 'referrer-policy': 'no-referrer' });
  },

  async listBlackoutWindows(request) {
    return ok(await listBlackouts(request.query, deps(request)));
  },

  createBlackoutWindow: blackouts.create,
  getBlackoutWindow: blackouts.get,
  updateBlackoutWindow: blackouts.update,

  async deleteBlackoutWindow(request) {
    await deleteBlackout(request.params.id, ifMatchVersion(request.headers), deps(request));
    return noContent();
  },
};
