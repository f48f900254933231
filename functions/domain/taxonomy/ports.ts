import type { AuditEvent } from '../shared/audit';
import type { CallerDeps } from '../shared/caller';
import type { Created, IdempotencyClaim } from '../shared/created';
import type { Page, PageRequest } from '../shared/page';
import type { ReferenceCheck } from '../shared/references';
import type { BusinessService, Category } from './taxonomy';

/** One audit event of a category or service (record type `category` / `service`, id `category:<id>` / `service:<id>`). */
export type ReferenceEvent = AuditEvent<'created' | 'updated' | 'deleted'>;

/** Subcategories retired together with their top-level category, each with its own audit event. */
export interface Cascade {
  readonly category: Category;
  readonly event: ReferenceEvent;
}

export interface TaxonomyRepository {
  /** 409 when the id exists; 422 (`parentId`) when the parent is not an existing, active category. */
  createCategory(category: Category, event: ReferenceEvent, idempotency?: IdempotencyClaim): Promise<Created<Category>>;
  getCategory(id: string): Promise<Category | undefined>;
  listCategories(page: PageRequest): Promise<Page<Category>>;
  /** A top-level category and its subcategories in one Query (an eventually consistent index). */
  categoryFamily(id: string): Promise<Category[]>;
  /**
   * Replaces the category if its version is still `expectedVersion`, with its audit event; `parentMustBeActive`
   * adds a check on the parent (reactivating a subcategory); `retire` retires subcategories in the same write.
   */
  updateCategory(
    next: Category,
    expectedVersion: number,
    event: ReferenceEvent,
    options: { parentMustBeActive?: string; retire?: readonly Cascade[] },
  ): Promise<Category>;
  /** 409 when the id exists; 422 UNKNOWN_GROUP / RETIRED_GROUP when a checked group is not an existing, active one. */
  createService(
    service: BusinessService,
    event: ReferenceEvent,
    checks: readonly ReferenceCheck[],
    idempotency?: IdempotencyClaim,
  ): Promise<Created<BusinessService>>;
  getService(id: string): Promise<BusinessService | undefined>;
  listServices(page: PageRequest): Promise<Page<BusinessService>>;
  updateService(
    next: BusinessService,
    expectedVersion: number,
    event: ReferenceEvent,
    checks: readonly ReferenceCheck[],
  ): Promise<BusinessService>;
}

export interface TaxonomyDeps extends CallerDeps {
  readonly taxonomy: TaxonomyRepository;
}
