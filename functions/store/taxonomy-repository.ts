import { BusinessRuleError, ConflictError, PreconditionFailedError } from '../domain/errors';
import type { Created, IdempotencyClaim } from '../domain/incidents/ports';
import type { TaxonomyRepository } from '../domain/taxonomy/ports';
import type { BusinessService, Category } from '../domain/taxonomy/taxonomy';
import type { TaxonomyItem } from './entities/taxonomy.entity';
import { createdOrReplayed, idempotentPut } from './idempotency';
import { indexKeys, onePage } from './incident-repository';
import { recordEventToItem } from './reference-audit';
import { nimbus } from './service';
import { rejectedWith, TransactionFailedError, type TransactionResult, writeTransaction } from './transactions';

type Kind = 'category' | 'service';

function toItem(record: Category | BusinessService, kind: Kind): TaxonomyItem {
  return { ...record, kind };
}

/** Rebuilds the record in a stable field order, without the attributes of the other kind. */
function categoryFromItem(item: TaxonomyItem): Category {
  return {
    id: item.id,
    name: item.name,
    ...(item.description === undefined ? {} : { description: item.description }),
    ...(item.parentId === undefined ? {} : { parentId: item.parentId }),
    active: item.active,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  };
}

function serviceFromItem(item: TaxonomyItem): BusinessService {
  return {
    id: item.id,
    name: item.name,
    ...(item.description === undefined ? {} : { description: item.description }),
    ...(item.ownerGroup === undefined ? {} : { ownerGroup: item.ownerGroup }),
    active: item.active,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  };
}

/** Created, replayed (the idempotency record is the last item), or why not: a named check or the record itself. */
function createOutcome<T extends { id: string }>(
  result: TransactionResult,
  value: T,
  claim: IdempotencyClaim | undefined,
  what: string,
  recordIndex: number,
  check?: { index: number; error: () => Error },
): Created<T> {
  if (!result.canceled) return { value, replayed: false };
  if (claim && rejectedWith(result, result.data.length - 1)) return createdOrReplayed(result, value, claim);
  if (check && rejectedWith(result, check.index)) throw check.error();
  if (rejectedWith(result, recordIndex)) {
    throw new ConflictError(`${what} ${value.id} already exists`, `${what.toUpperCase()}_EXISTS`);
  }
  throw new TransactionFailedError(result);
}

function staleOr(result: TransactionResult, what: string, expectedVersion: number): void {
  const stale = rejectedWith(result, 0);
  if (stale) {
    const current = (stale.item as { version?: number } | null)?.version;
    throw new PreconditionFailedError(what, expectedVersion, current);
  }
}

const groupNotActive = (group: string, path: string) =>
  new BusinessRuleError('GROUP_NOT_ACTIVE', `There is no active group ${group}`, [
    { path, message: `No active group ${group}` },
  ]);

export const taxonomyRepository: TaxonomyRepository = {
  async createCategory(category, event, claim) {
    const parent = category.parentId;
    const result = await writeTransaction(() =>
      nimbus()
        .transaction.write(({ category: entity, auditEvent, idempotency }) => [
          ...(parent
            ? [
                entity
                  .check({ id: parent })
                  .where((a, { eq }) => eq(a.active, true))
                  .commit(),
              ]
            : []),
          entity.create(toItem(category, 'category')).commit(),
          auditEvent.create(recordEventToItem(event)).commit(),
          ...idempotentPut(idempotency, claim, category, category.createdAt),
        ])
        .go(),
    );
    return createOutcome(result, category, claim, 'Category', parent ? 1 : 0, {
      index: parent ? 0 : -1,
      error: () =>
        new BusinessRuleError('PARENT_CATEGORY_NOT_ACTIVE', `There is no active top-level category ${parent}`, [
          { path: 'parentId', message: `No active top-level category ${parent}` },
        ]),
    });
  },

  async getCategory(id) {
    const { data } = await nimbus().entities.category.get({ id }).go({ consistent: true });
    return data ? categoryFromItem(data) : undefined;
  },

  async listCategories(page) {
    return onePage(nimbus().entities.category.query.all({ kind: 'category' }), page, indexKeys(5), categoryFromItem);
  },

  async categoryFamily(id) {
    const { data } = await nimbus()
      .entities.category.query.all({ kind: 'category' })
      .begins({ id })
      .go({ pages: 'all' });
    return data.filter((c) => c.id === id || c.id.startsWith(`${id}.`)).map(categoryFromItem);
  },

  async updateCategory(next, expectedVersion, event, { parentMustBeActive, retire = [] }) {
    const result = await writeTransaction(() =>
      nimbus()
        .transaction.write(({ category, auditEvent }) => [
          category
            .put(toItem(next, 'category'))
            .where((a, { eq }) => eq(a.version, expectedVersion))
            .commit({ response: 'all_old' }),
          auditEvent.create(recordEventToItem(event)).commit(),
          ...(parentMustBeActive
            ? [
                category
                  .check({ id: parentMustBeActive })
                  .where((a, { eq }) => eq(a.active, true))
                  .commit(),
              ]
            : []),
          ...retire.flatMap((child) => [
            category
              .patch({ id: child.category.id })
              .set({ active: false, updatedAt: child.category.updatedAt })
              .add({ version: 1 })
              .where((a, { eq }) => eq(a.active, true))
              .commit(),
            auditEvent.create(recordEventToItem(child.event)).commit(),
          ]),
        ])
        .go(),
    );
    if (!result.canceled) return next;
    staleOr(result, 'Category', expectedVersion);
    if (parentMustBeActive && rejectedWith(result, 2)) {
      throw new BusinessRuleError(
        'PARENT_CATEGORY_RETIRED',
        `Reactivate the parent category ${parentMustBeActive} before its subcategory`,
        [{ path: 'active', message: `The parent category ${parentMustBeActive} is retired` }],
      );
    }
    if (result.data.some((r) => r.rejected)) {
      throw new ConflictError('A subcategory changed at the same moment; retry', 'CONCURRENT_CHANGE');
    }
    throw new TransactionFailedError(result);
  },

  async createService(service, event, claim) {
    const owner = service.ownerGroup;
    const result = await writeTransaction(() =>
      nimbus()
        .transaction.write(({ service: entity, group, auditEvent, idempotency }) => [
          ...(owner
            ? [
                group
                  .check({ id: owner })
                  .where((a, { eq }) => eq(a.active, true))
                  .commit(),
              ]
            : []),
          entity.create(toItem(service, 'service')).commit(),
          auditEvent.create(recordEventToItem(event)).commit(),
          ...idempotentPut(idempotency, claim, service, service.createdAt),
        ])
        .go(),
    );
    return createOutcome(result, service, claim, 'Service', owner ? 1 : 0, {
      index: owner ? 0 : -1,
      error: () => groupNotActive(owner ?? '', 'ownerGroup'),
    });
  },

  async getService(id) {
    const { data } = await nimbus().entities.service.get({ id }).go({ consistent: true });
    return data ? serviceFromItem(data) : undefined;
  },

  async listServices(page) {
    return onePage(nimbus().entities.service.query.all({ kind: 'service' }), page, indexKeys(5), serviceFromItem);
  },

  async updateService(next, expectedVersion, event, { ownerGroupMustBeActive }) {
    const result = await writeTransaction(() =>
      nimbus()
        .transaction.write(({ service, group, auditEvent }) => [
          service
            .put(toItem(next, 'service'))
            .where((a, { eq }) => eq(a.version, expectedVersion))
            .commit({ response: 'all_old' }),
          auditEvent.create(recordEventToItem(event)).commit(),
          ...(ownerGroupMustBeActive
            ? [
                group
                  .check({ id: ownerGroupMustBeActive })
                  .where((a, { eq }) => eq(a.active, true))
                  .commit(),
              ]
            : []),
        ])
        .go(),
    );
    if (!result.canceled) return next;
    staleOr(result, 'Service', expectedVersion);
    if (ownerGroupMustBeActive && rejectedWith(result, 2)) throw groupNotActive(ownerGroupMustBeActive, 'ownerGroup');
    throw new TransactionFailedError(result);
  },
};
