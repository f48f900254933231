import { emailPersonSchema } from '../../people/commands';
import type { ScreenFilter } from './rule';

/**
 * No usable `From` header → `no_from`. The envelope sender is never a fallback (anyone can set it). "Usable" is what
 * the sender's person may hold (the people schema's e-mail rule): `Claudia.Shu@yahoo.com.`, `redacted@redacted` or a
 * mangled `"Name"@example.com>` would otherwise fail later, when intake creates the sender, and the trigger would
 * retry that message for ever (the corpus pipeline test found three).
 */
export const noFromFilter: ScreenFilter = (mail) => {
  const address = mail.from?.address?.trim();
  if (!address?.includes('@')) return { reason: 'no_from', detail: 'No From header address' };
  if (!emailPersonSchema.shape.email.safeParse(address).success) {
    return { reason: 'no_from', detail: `The From address "${address.slice(0, 254)}" is not a usable e-mail address` };
  }
  return undefined;
};
