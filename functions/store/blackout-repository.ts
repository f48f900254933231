/** Blackout windows in the table: one item each, written with their audit event (functions/store/record-write.ts). */
import type { BlackoutWindow } from '../domain/calendar/blackout';
import type { BlackoutRepository } from '../domain/calendar/ports';
import { ConflictError, NotFoundError, PreconditionFailedError } from '../domain/shared/errors';
import { type BlackoutWindowItem, blackoutWindowEntity } from './entities/blackout-window.entity';
import { indexKeys, onePage } from './paging';
import { recordWrite } from './record-write';

function toItem(window: BlackoutWindow): BlackoutWindowItem {
  return { ...window, services: window.services.map((s) => ({ ...s })), kind: 'blackout-window' };
}

function fromItem(item: BlackoutWindowItem): BlackoutWindow {
  return {
    id: item.id,
    name: item.name,
    reason: item.reason,
    start: item.start,
    end: item.end,
    ...(item.recurrence === undefined ? {} : { recurrence: item.recurrence }),
    services: (item.services ?? []) as BlackoutWindow['services'],
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  };
}

function versionOf(item: Record<string, unknown> | null | undefined): number | undefined {
  return typeof item?.version === 'number' ? item.version : undefined;
}

export const blackoutRepository: BlackoutRepository = {
  async create(window, event, claim) {
    const outcome = await recordWrite()
      .item('record', blackoutWindowEntity(), (e) => e.create(toItem(window)).commit())
      .audit(event)
      .idempotency(claim, window, window.createdAt)
      .commit();
    if (outcome.committed) return { value: window, replayed: false };
    const replay = outcome.replayed<BlackoutWindow>();
    if (replay) return { value: replay, replayed: true };
    if (outcome.failed('record')) throw new ConflictError('A blackout window with this id exists', 'BLACKOUT_EXISTS');
    throw outcome.unexpected();
  },

  async get(id) {
    const { data } = await blackoutWindowEntity().get({ id }).go({ consistent: true });
    return data ? fromItem(data) : undefined;
  },

  async list(page) {
    return onePage(blackoutWindowEntity().query.all({ kind: 'blackout-window' }), page, indexKeys(5), fromItem);
  },

  async all() {
    const { data } = await blackoutWindowEntity().query.all({ kind: 'blackout-window' }).go({ pages: 'all' });
    return data.map(fromItem);
  },

  async update(next, expectedVersion, event) {
    const outcome = await recordWrite()
      .item('record', blackoutWindowEntity(), (e) =>
        e
          .put(toItem(next))
          .where((a, { eq }) => eq(a.version, expectedVersion))
          .commit({ response: 'all_old' }),
      )
      .audit(event)
      .commit();
    if (outcome.committed) return next;
    const stale = outcome.failed('record');
    if (stale) throw new PreconditionFailedError('Blackout window', expectedVersion, versionOf(stale.item));
    throw outcome.unexpected();
  },

  async delete(id, expectedVersion, event) {
    const outcome = await recordWrite()
      .item('record', blackoutWindowEntity(), (e) =>
        e
          .delete({ id })
          .where((a, { eq }) => eq(a.version, expectedVersion))
          .commit({ response: 'all_old' }),
      )
      .audit(event)
      .commit();
    if (outcome.committed) return;
    const stale = outcome.failed('record');
    if (stale) {
      const current = versionOf(stale.item);
      if (current === undefined) throw new NotFoundError('Blackout window');
      throw new PreconditionFailedError('Blackout window', expectedVersion, current);
    }
    throw outcome.unexpected();
  },
};
