import { createGetTransaction } from 'electrodb';
import type { Incident } from '../domain/incidents/incident';
import {
  alreadyHasParentError,
  type Link,
  linkExistsError,
  majorCannotBeChildError,
  parentHasParentError,
} from '../domain/incidents/link';
import type { LinkRepository, NewLink } from '../domain/incidents/ports';
import { type IncidentItem, incidentEntity } from './entities/incident.entity';
import { type LinkItem, linkEntity } from './entities/link.entity';
import { fromItem } from './incident-repository';
import { indexKeys, onePage, tableKeys } from './paging';
import { recordWrite } from './record-write';

function linkFromItem(item: LinkItem): Link {
  return {
    recordId: item.recordId,
    targetId: item.targetId,
    targetNumber: item.targetNumber,
    type: item.type,
    createdAt: item.createdAt,
    createdBy: item.createdBy,
  };
}

function incidentOf(entry: { item: unknown } | null | undefined): Incident | undefined {
  return entry?.item ? fromItem(entry.item as IncidentItem) : undefined;
}

/** Why the child's parent pointer could not be set, from the item as it was (ALL_OLD). */
function childRefusal(item: IncidentItem | null) {
  if (item?.major) return majorCannotBeChildError(item.number);
  return alreadyHasParentError(item?.number ?? 'The child', item?.parentNumber ?? 'another incident');
}

export const linkRepository: LinkRepository = {
  async getPair(firstId, secondId) {
    const incident = incidentEntity();
    const { data } = await createGetTransaction({ incident }, (e) => [
      e.incident.get({ id: firstId }).commit(),
      e.incident.get({ id: secondId }).commit(),
    ]).go();
    return [incidentOf(data[0]), incidentOf(data[1])];
  },

  async getIncidentAndLink(incidentId, targetId) {
    // A transaction may not read one item twice; an incident is never linked to itself.
    if (incidentId === targetId) {
      const { data } = await incidentEntity().get({ id: incidentId }).go({ consistent: true });
      return { incident: data ? fromItem(data) : undefined };
    }
    const incident = incidentEntity();
    const link = linkEntity();
    const { data } = await createGetTransaction({ incident, link }, (e) => [
      e.incident.get({ id: incidentId }).commit(),
      e.link.get({ recordId: incidentId, targetId }).commit(),
      e.incident.get({ id: targetId }).commit(),
    ]).go();
    return {
      incident: incidentOf(data[0]),
      link: data[1]?.item ? linkFromItem(data[1].item as LinkItem) : undefined,
      target: incidentOf(data[2]),
    };
  },

  /**
   * Both sides (each only if absent: one link per pair), the child's pointer (only if it has no parent and is not
   * major), a check that the parent has no parent of its own, an event on each incident, the idempotency record.
   */
  async add({ sides, parent, events }: NewLink, idempotency) {
    const write = recordWrite().item('side', linkEntity(), (e) => [
      e.create(sides[0]).commit(),
      e.create(sides[1]).commit(),
    ]);
    if (parent) {
      write
        .item('child', incidentEntity(), (e) =>
          e
            .patch({ id: parent.childId })
            .set({ parentId: parent.parentId, parentNumber: parent.parentNumber, updatedAt: parent.at })
            .add({ version: 1 })
            .where(
              (a, { notExists, eq }) => `${notExists(a.parentId)} AND (${notExists(a.major)} OR ${eq(a.major, false)})`,
            )
            .commit({ response: 'all_old' }),
        )
        .item('parent', incidentEntity(), (e) =>
          e
            .check({ id: parent.parentId })
            .where((a, { notExists }) => notExists(a.parentId))
            .commit(),
        );
    }
    const outcome = await write
      .audit(events[0])
      .audit(events[1])
      .idempotency(idempotency, sides[0], sides[0].createdAt)
      .commit();
    if (outcome.committed) return { value: sides[0], replayed: false };
    const replay = outcome.replayed<Link>();
    if (replay) return { value: replay, replayed: true };
    if (outcome.failed('side')) throw linkExistsError(sides[0].targetNumber);
    const child = outcome.failed('child');
    if (child) throw childRefusal(child.item as IncidentItem | null);
    if (outcome.failed('parent')) throw parentHasParentError();
    throw outcome.unexpected();
  },

  /** Both sides (each must exist), the child's pointer cleared (only if it still points at the parent), the events. */
  async remove(side, parent, events) {
    const write = recordWrite().item('side', linkEntity(), (e) => [
      e
        .delete({ recordId: side.recordId, targetId: side.targetId })
        .where((a, { exists }) => exists(a.type))
        .commit(),
      e
        .delete({ recordId: side.targetId, targetId: side.recordId })
        .where((a, { exists }) => exists(a.type))
        .commit(),
    ]);
    if (parent) {
      write.item('child', incidentEntity(), (e) =>
        e
          .patch({ id: parent.childId })
          .remove(['parentId', 'parentNumber'])
          .set({ updatedAt: parent.at })
          .add({ version: 1 })
          .where((a, { eq }) => eq(a.parentId, parent.parentId))
          .commit(),
      );
    }
    const outcome = await write.audit(events[0]).audit(events[1]).commit();
    if (outcome.committed) return true;
    if (outcome.failed('side') || outcome.failed('child')) return false;
    throw outcome.unexpected();
  },

  async list(recordId, { type, ...page }) {
    const link = linkEntity();
    return type
      ? onePage(link.query.byType({ recordId, type }), page, indexKeys(1), linkFromItem)
      : onePage(link.query.primary({ recordId }), page, tableKeys, linkFromItem);
  },

  async children(parentId) {
    const { data } = await linkEntity().query.byType({ recordId: parentId, type: 'parent_of' }).go({ pages: 'all' });
    return data.map(linkFromItem);
  },
};
