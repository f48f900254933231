import { firstHeader, type ScreenFilter } from './rule';

/**
 * Bulk and list mail (RFC 3834 §2: never auto-respond to it): `Precedence: bulk|junk|list`, a `List-Id`
 * (RFC 2919) or a `List-Unsubscribe` (RFC 2369/8058) header.
 */
export const bulkFilter: ScreenFilter = (mail) => {
  const precedence = firstHeader(mail, 'precedence');
  if (precedence !== undefined && /^(bulk|junk|list)$/i.test(precedence.split(';')[0].trim())) {
    return { reason: 'bulk', detail: `Precedence: ${precedence}` };
  }
  const listId = firstHeader(mail, 'list-id');
  if (listId !== undefined) return { reason: 'bulk', detail: `List-Id: ${listId}` };
  const unsubscribe = firstHeader(mail, 'list-unsubscribe');
  if (unsubscribe !== undefined) return { reason: 'bulk', detail: `List-Unsubscribe: ${unsubscribe}` };
  return undefined;
};
