import type { RouteSpec } from '../route-spec';

const readers = ['agent', 'cab', 'change-manager', 'admin'] as const;

/**
 * Routes of the calendar practice: the change calendar (JSON and iCalendar), secret feed URLs for calendar clients,
 * and blackout windows. Metadata only: ../routes.ts gathers them.
 */
export const calendarRoutes = [
  {
    method: 'GET',
    path: '/changes/calendar',
    practice: 'calendar',
    operation: 'getChangeCalendar',
    summary: 'Changes and blackout occurrences in a range (at most 92 days)',
    roles: readers,
  },
  {
    method: 'GET',
    path: '/changes/calendar.ics',
    practice: 'calendar',
    operation: 'getChangeCalendarIcs',
    summary: 'The change calendar of a range as iCalendar (RFC 5545)',
    roles: readers,
  },
  {
    method: 'POST',
    path: '/calendar/feed',
    practice: 'calendar',
    operation: 'createCalendarFeed',
    summary: 'Make (or rotate) my secret calendar feed URL; the URL is shown only in this answer',
    roles: readers,
  },
  {
    method: 'GET',
    path: '/calendar/feed',
    practice: 'calendar',
    operation: 'getCalendarFeed',
    summary: 'Whether I have a calendar feed URL, since when, and when it was last read (never the URL)',
    roles: readers,
  },
  {
    method: 'DELETE',
    path: '/calendar/feed',
    practice: 'calendar',
    operation: 'revokeCalendarFeed',
    summary: 'Revoke my calendar feed URL',
    roles: readers,
  },
  {
    method: 'GET',
    path: '/calendar/feeds/{personId}',
    practice: 'calendar',
    operation: 'getPersonCalendarFeed',
    summary: 'Whether a person has a calendar feed URL, since when, and when it was last read (admins; never the URL)',
    roles: ['admin'],
  },
  {
    method: 'DELETE',
    path: '/calendar/feeds/{personId}',
    practice: 'calendar',
    operation: 'revokePersonCalendarFeed',
    summary: "Revoke a person's calendar feed URL (admins; audited; 404 when they have none)",
    roles: ['admin'],
  },
  {
    method: 'GET',
    path: '/calendar/feed/{token}',
    practice: 'calendar',
    operation: 'readCalendarFeed',
    summary: 'The change calendar as iCalendar, for calendar clients (the secret URL is the credential)',
    public: true,
  },
  {
    method: 'GET',
    path: '/blackout-windows',
    practice: 'calendar',
    operation: 'listBlackoutWindows',
    summary: 'List blackout windows',
    roles: readers,
  },
  {
    method: 'POST',
    path: '/blackout-windows',
    practice: 'calendar',
    operation: 'createBlackoutWindow',
    summary: 'Create a blackout window (optionally recurring: an RRULE)',
    roles: ['admin'],
  },
  {
    method: 'GET',
    path: '/blackout-windows/{id}',
    practice: 'calendar',
    operation: 'getBlackoutWindow',
    summary: 'Read a blackout window',
    roles: readers,
  },
  {
    method: 'PATCH',
    path: '/blackout-windows/{id}',
    practice: 'calendar',
    operation: 'updateBlackoutWindow',
    summary: 'Change a blackout window (If-Match required)',
    roles: ['admin'],
  },
  {
    method: 'DELETE',
    path: '/blackout-windows/{id}',
    practice: 'calendar',
    operation: 'deleteBlackoutWindow',
    summary: 'Delete a blackout window (If-Match optional)',
    roles: ['admin'],
  },
] as const satisfies readonly RouteSpec<'calendar'>[];
