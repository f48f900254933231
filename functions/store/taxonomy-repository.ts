import { ConflictError, PreconditionFailedError } from '../domain/shared/errors';
import { referenceError } from '../domain/shared/references';
import type { TaxonomyRepository } from '../domain/taxonomy/ports';
import {
  type BusinessService,
  type Category,
  parentCategoryNotActiveError,
  parentCategoryRetiredError,
  referenceExistsError,
} from '../domain/taxonomy/taxonomy';
import { categoryEntity, serviceEntity, type TaxonomyItem } from './entities/taxonomy.entity';
import { indexKeys, onePage } from './paging';
import { recordWrite, type WriteOutcome } from './record-write';

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

/** Created, replayed (a retry with the same Idempotency-Key), or why not: a failed check, or the id is taken. */
function createOutcome<T extends { id: string }>(
  outcome: WriteOutcome,
  value: T,
  what: 'Category' | 'Service',
  parentCheck?: () => Error,
): { value: T; replayed: boolean } {
  if (outcome.committed) return { value, replayed: false };
  const replay = outcome.replayed<T>();
  if (replay) return { value: replay, replayed: true };
  if (parentCheck && outcome.failed('parent')) throw parentCheck();
  const failed = outcome.failedChecks();
  if (failed.length) throw referenceError(failed);
  if (outcome.failed('record')) throw referenceExistsError(what, value.id);
  throw outcome.unexpected();
}

function staleOr(outcome: WriteOutcome, what: string, expectedVersion: number): void {
  const stale = outcome.failed('record');
  if (stale)
    throw new PreconditionFailedError(what, expectedVersion, (stale.item as { version?: number } | null)?.version);
}

export const taxonomyRepository: TaxonomyRepository = {
  async createCategory(category, event, claim) {
    const parent = category.parentId;
    const write = recordWrite();
    if (parent) {
      write.item('parent', categoryEntity(), (e) =>
        e
          .check({ id: parent })
          .where((a, { eq }) => eq(a.active, true))
          .commit(),
      );
    }
    const outcome = await write
      .item('record', categoryEntity(), (e) => e.create(toItem(category, 'category')).commit())
      .audit(event)
      .idempotency(claim, category, category.createdAt)
      .commit();
    return createOutcome(outcome, category, 'Category', () => parentCategoryNotActiveError(parent ?? ''));
  },

  async getCategory(id) {
    const { data } = await categoryEntity().get({ id }).go({ consistent: true });
    return data ? categoryFromItem(data) : undefined;
  },

  async listCategories(page) {
    return onePage(categoryEntity().query.all({ kind: 'category' }), page, indexKeys(5), categoryFromItem);
  },

  async categoryFamily(id) {
    const { data } = await categoryEntity().query.all({ kind: 'category' }).begins({ id }).go({ pages: 'all' });
    return data.filter((c) => c.id === id || c.id.startsWith(`${id}.`)).map(categoryFromItem);
  },

  async updateCategory(next, expectedVersion, event, { parentMustBeActive, retire = [] }) {
    const write = recordWrite()
      .item('record', categoryEntity(), (e) =>
        e
          .put(toItem(next, 'category'))
          .where((a, { eq }) => eq(a.version, expectedVersion))
          .commit({ response: 'all_old' }),
      )
      .audit(event);
    if (parentMustBeActive) {
      write.item('parent', categoryEntity(), (e) =>
        e
          .check({ id: parentMustBeActive })
          .where((a, { eq }) => eq(a.active, true))
          .commit(),
      );
    }
    for (const child of retire) {
      write
        .item(`retire:${child.category.id}`, categoryEntity(), (e) =>
          e
            .patch({ id: child.category.id })
            .set({ active: false, updatedAt: child.category.updatedAt })
            .add({ version: 1 })
            .where((a, { eq }) => eq(a.active, true))
            .commit(),
        )
        .audit(child.event);
    }
    const outcome = await write.commit();
    if (outcome.committed) return next;
    staleOr(outcome, 'Category', expectedVersion);
    if (parentMustBeActive && outcome.failed('parent')) throw parentCategoryRetiredError(parentMustBeActive);
    if (retire.some((child) => outcome.failed(`retire:${child.category.id}`))) {
      throw new ConflictError('A subcategory changed at the same moment; retry', 'CONCURRENT_CHANGE');
    }
    throw outcome.unexpected();
  },

  async createService(service, event, checks, claim) {
    const outcome = await recordWrite()
      .check(checks)
      .item('record', serviceEntity(), (e) => e.create(toItem(service, 'service')).commit())
      .audit(event)
      .idempotency(claim, service, service.createdAt)
      .commit();
    return createOutcome(outcome, service, 'Service');
  },

  async getService(id) {
    const { data } = await serviceEntity().get({ id }).go({ consistent: true });
    return data ? serviceFromItem(data) : undefined;
  },

  async listServices(page) {
    return onePage(serviceEntity().query.all({ kind: 'service' }), page, indexKeys(5), serviceFromItem);
  },

  async updateService(next, expectedVersion, event, checks) {
    const outcome = await recordWrite()
      .item('record', serviceEntity(), (e) =>
        e
          .put(toItem(next, 'service'))
          .where((a, { eq }) => eq(a.version, expectedVersion))
          .commit({ response: 'all_old' }),
      )
      .audit(event)
      .check(checks)
      .commit();
    if (outcome.committed) return next;
    staleOr(outcome, 'Service', expectedVersion);
    const failed = outcome.failedChecks();
    if (failed.length) throw referenceError(failed);
    throw outcome.unexpected();
  },
};
