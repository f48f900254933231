/** The calendar practice wired to the store, and its settings from the environment (read once). */
import * as z from 'zod/mini';
import type { CalendarDeps, FeedOwners } from '../domain/calendar/ports';
import type { CallerDeps } from '../domain/shared/caller';
import type { Clock } from '../domain/shared/clock';
import { appClock } from '../shared/clock';
import { blackoutRepository } from '../store/blackout-repository';
import { calendarFeedRepository } from '../store/calendar-feed-repository';
import { changeRepository } from '../store/change-repository';
import { peopleRepository } from '../store/people-repository';
import { taxonomyRepository } from '../store/taxonomy-repository';

const calendarEnvSchema = z.object({
  /** Where people open a change (`<PORTAL_URL>/changes/<number>`): the console. */
  PORTAL_URL: z._default(z.url(), 'http://127.0.0.1:4010'),
  /**
   * The API's public base URL for feed URLs (a custom domain with a base path). Unset: the request's own host
   * (API Gateway's `Host` and `X-Forwarded-Proto`).
   */
  API_URL: z.optional(z.url()),
});

export type CalendarSettings = { readonly portalUrl: string; readonly apiUrl?: string };

let settings: CalendarSettings | undefined;

export function calendarSettings(env: NodeJS.ProcessEnv = process.env): CalendarSettings {
  if (env !== process.env || !settings) {
    const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
    const e = calendarEnvSchema.parse(set);
    const read = { portalUrl: e.PORTAL_URL, ...(e.API_URL ? { apiUrl: e.API_URL } : {}) };
    if (env !== process.env) return read;
    settings = read;
  }
  return settings;
}

/** Tests and the local stack change the environment before the first request. */
export function resetCalendarSettings(): void {
  settings = undefined;
}

const stores = {
  changes: changeRepository,
  blackouts: blackoutRepository,
  services: taxonomyRepository,
  feeds: calendarFeedRepository,
};

/** The calendar practice for `caller`. */
export function calendarDeps(caller: CallerDeps): CalendarDeps {
  return { ...caller, ...stores, portalUrl: calendarSettings().portalUrl };
}

/** Feed owners' standing now: the people directory's person (active, and the roles last recorded; decision 0038). */
export const feedOwners: FeedOwners = {
  async standing(ownerId) {
    const person = await peopleRepository.getStored(ownerId);
    return person && { active: person.active, ...(person.roles ? { roles: person.roles } : {}) };
  },
};

/** What the public feed needs: no caller, the stack's clock, the owners' standing. */
export function feedDeps(clock: Clock = appClock) {
  return { ...stores, owners: feedOwners, clock, portalUrl: calendarSettings().portalUrl };
}
