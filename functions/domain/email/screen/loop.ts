import { firstHeader, type ScreenFilter } from './rule';

/**
 * Our own mail coming back (a loop with ourselves or with another Nimbus desk): it carries `X-Nimbus-Loop`
 * (functions/dispatch/notifications/message.ts `loopHeader`; the name is repeated here because domain code may
 * not import the dispatcher, and a unit test keeps the two equal).
 */
export const nimbusLoopHeader = 'X-Nimbus-Loop';

export const loopFilter: ScreenFilter = (mail) => {
  const value = firstHeader(mail, nimbusLoopHeader);
  if (value === undefined) return undefined;
  return { reason: 'loop', detail: `${nimbusLoopHeader}: ${value}` };
};
