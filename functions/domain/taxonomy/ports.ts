import type { CallerDeps, Created, IdempotencyClaim, Page, PageRequest, RecordEvent } from '../incidents/ports';
import type { BusinessService, Category } from './taxonomy';

/** One audit event of admin-managed reference data (recordId `category:<id>`, `service:<id>`, `routing-rules`). */
export type ReferenceEvent = RecordEvent<'created' | 'updated' | 'deleted'>;

export type { PageRequest };

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
  /** 409 when the id exists; 422 (`ownerGroup`) when the group is not an existing, active group. */
  createService(
    service: BusinessService,
    event: ReferenceEvent,
    idempotency?: IdempotencyClaim,
  ): Promise<Created<BusinessService>>;
  getService(id: string): Promise<BusinessService | undefined>;
  listServices(page: PageRequest): Promise<Page<BusinessService>>;
  updateService(
    next: BusinessService,
    expectedVersion: number,
    event: ReferenceEvent,
    options: { ownerGroupMustBeActive?: string },
  ): Promise<BusinessService>;
}

export interface TaxonomyDeps extends CallerDeps {
  readonly taxonomy: TaxonomyRepository;
}
