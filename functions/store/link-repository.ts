import { BusinessRuleError, ConflictError } from '../domain/errors';
import type { Incident } from '../domain/incidents/incident';
import type { Link, LinkRepository, NewLink } from '../domain/incidents/links';
import type { Created } from '../domain/incidents/ports';
import type { IncidentItem } from './entities/incident.entity';
import type { LinkItem } from './entities/link.entity';
import { createdOrReplayed, idempotentPut, replayOf } from './idempotency';
import { eventToItem, fromItem, onePage } from './incident-repository';
import { nimbus } from './service';
import { rejectedWith, TransactionFailedError, writeTransaction } from './transactions';

const tableKeys = ['pk', 'sk'];
const byTypeKeys = [...tableKeys, 'gsi1pk', 'gsi1sk'];

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
function childRefusal(item: IncidentItem | null): BusinessRuleError {
  if (item?.major) {
    return new BusinessRuleError('MAJOR_CANNOT_BE_CHILD', `${item.number} is a major incident and cannot be a child`, [
      { path: 'target', message: 'A major incident cannot be a child' },
    ]);
  }
  return new BusinessRuleError(
    'ALREADY_HAS_PARENT',
    `${item?.number ?? 'The child'} is already a child of ${item?.parentNumber ?? 'another incident'}`,
    [{ path: 'target', message: 'The child already has a parent' }],
  );
}

export const linkRepository: LinkRepository = {
  async getPair(firstId, secondId) {
    const { data } = await nimbus()
      .transaction.get(({ incident }) => [
        incident.get({ id: firstId }).commit(),
        incident.get({ id: secondId }).commit(),
      ])
      .go();
    return [incidentOf(data[0]), incidentOf(data[1])];
  },

  async getIncidentAndLink(incidentId, targetId) {
    const { data } = await nimbus()
      .transaction.get(({ incident, link }) => [
        incident.get({ id: incidentId }).commit(),
        link.get({ recordId: incidentId, targetId }).commit(),
      ])
      .go();
    return {
      incident: incidentOf(data[0]),
      link: data[1]?.item ? linkFromItem(data[1].item as LinkItem) : undefined,
    };
  },

  async getLink(recordId, targetId) {
    const { data } = await nimbus().entities.link.get({ recordId, targetId }).go({ consistent: true });
    return data ? linkFromItem(data) : undefined;
  },

  /**
   * [side A, side B (both attribute_not_exists: one link per pair), child pointer (update conditional on no parent
   * and not major), parent ConditionCheck (no parent of its own), event A, event B, idempotency record].
   */
  async add({ sides, parent, events }: NewLink, idempotency): Promise<Created<Link>> {
    const result = await writeTransaction(() =>
      nimbus()
        .transaction.write(({ link, incident, auditEvent, idempotency: idem }) => [
          link.create(sides[0]).commit(),
          link.create(sides[1]).commit(),
          ...(parent
            ? [
                incident
                  .patch({ id: parent.childId })
                  .set({ parentId: parent.parentId, parentNumber: parent.parentNumber, updatedAt: parent.at })
                  .add({ version: 1 })
                  .where(
                    (a, { notExists, eq }) =>
                      `${notExists(a.parentId)} AND (${notExists(a.major)} OR ${eq(a.major, false)})`,
                  )
                  .commit({ response: 'all_old' }),
                incident
                  .check({ id: parent.parentId })
                  .where((a, { notExists }) => notExists(a.parentId))
                  .commit(),
              ]
            : []),
          auditEvent.create(eventToItem(events[0])).commit(),
          auditEvent.create(eventToItem(events[1])).commit(),
          ...idempotentPut(idem, idempotency, sides[0], sides[0].createdAt),
        ])
        .go(),
    );
    if (!result.canceled) return { value: sides[0], replayed: false };
    const replay = idempotency && rejectedWith(result, result.data.length - 1);
    if (idempotency && replay) return { value: replayOf<Link>(idempotency, replay), replayed: true };
    if (rejectedWith(result, 0) || rejectedWith(result, 1)) {
      throw new ConflictError(`${sides[0].targetNumber} is already linked to this incident`, 'LINK_EXISTS');
    }
    if (parent) {
      const child = rejectedWith(result, 2);
      if (child) throw childRefusal(child.item as IncidentItem | null);
      if (rejectedWith(result, 3)) {
        throw new BusinessRuleError('PARENT_HAS_PARENT', 'The parent is itself a child and cannot be a parent', [
          { path: 'target', message: 'The parent is itself a child' },
        ]);
      }
    }
    return createdOrReplayed(result, sides[0], idempotency);
  },

  /** [side A, side B (both must exist), child pointer cleared (conditional on still pointing at the parent), events]. */
  async remove(side, parent, events) {
    const result = await writeTransaction(() =>
      nimbus()
        .transaction.write(({ link, incident, auditEvent }) => [
          link
            .delete({ recordId: side.recordId, targetId: side.targetId })
            .where((a, { exists }) => exists(a.type))
            .commit(),
          link
            .delete({ recordId: side.targetId, targetId: side.recordId })
            .where((a, { exists }) => exists(a.type))
            .commit(),
          ...(parent
            ? [
                incident
                  .patch({ id: parent.childId })
                  .remove(['parentId', 'parentNumber'])
                  .set({ updatedAt: parent.at })
                  .add({ version: 1 })
                  .where((a, { eq }) => eq(a.parentId, parent.parentId))
                  .commit(),
              ]
            : []),
          auditEvent.create(eventToItem(events[0])).commit(),
          auditEvent.create(eventToItem(events[1])).commit(),
        ])
        .go(),
    );
    if (!result.canceled) return true;
    if (rejectedWith(result, 0) || rejectedWith(result, 1) || (parent && rejectedWith(result, 2))) return false;
    throw new TransactionFailedError(result);
  },

  async list(recordId, { type, ...page }) {
    const { link } = nimbus().entities;
    return type
      ? onePage(link.query.byType({ recordId, type }), page, byTypeKeys, linkFromItem)
      : onePage(link.query.primary({ recordId }), page, tableKeys, linkFromItem);
  },

  async children(parentId) {
    const { data } = await nimbus()
      .entities.link.query.byType({ recordId: parentId, type: 'parent_of' })
      .go({ pages: 'all' });
    return data.map(linkFromItem);
  },
};
