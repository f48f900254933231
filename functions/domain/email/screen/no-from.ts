import type { ScreenFilter } from './rule';

/** No usable `From` header → `no_from`. The envelope sender is never a fallback (anyone can set it). */
export const noFromFilter: ScreenFilter = (mail) => {
  const address = mail.from?.address?.trim();
  if (!address?.includes('@')) return { reason: 'no_from', detail: 'No From header address' };
  return undefined;
};
