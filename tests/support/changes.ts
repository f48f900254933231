import { ids } from '../../functions/compose/caller';
import { changeEvent, diffChange } from '../../functions/domain/changes/audit';
import type { Change } from '../../functions/domain/changes/change';
import type { Actor } from '../../functions/domain/shared/actor';
import { userRef } from '../../functions/domain/shared/audit-trail';
import { formatNumber } from '../../functions/domain/shared/numbers';
import { changeRepository } from '../../functions/store/change-repository';
import { sequences } from '../../functions/store/counters';

/** A change record as the store holds it (a normal change in `draft` by `requester`), with `overrides`. */
export function changeRecord(requester: Actor, number: string, overrides: Partial<Change> = {}): Change {
  const at = '2026-12-01T09:00:00.000Z';
  return {
    id: ids.next(),
    number,
    title: 'Upgrade the mail gateway',
    description: 'Move the gateway to the current release',
    type: 'normal',
    services: [{ kind: 'service', id: 'email', name: 'E-mail' }],
    cis: [{ kind: 'ci', name: 'mx-01' }],
    implementationPlan: 'Drain, upgrade, undrain',
    backoutPlan: 'Restore the snapshot',
    testPlan: 'Send a test mail through each node',
    requester: { ...userRef(requester), name: requester.name ?? requester.username },
    status: 'draft',
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...overrides,
  };
}

/** Stores a change straight through the repository (number from the counter), with its `created` event. */
export async function storeChange(requester: Actor, overrides: Partial<Change> = {}): Promise<Change> {
  const number = formatNumber('CHG', await sequences.next('CHG'));
  const change = changeRecord(requester, number, overrides);
  const event = changeEvent(
    { actor: requester, ids },
    change,
    'created',
    change.createdAt,
    diffChange(undefined, change),
  );
  return (await changeRepository.create({ change, event })).value;
}
