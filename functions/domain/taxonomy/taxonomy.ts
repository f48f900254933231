import { BusinessRuleError, ConflictError } from '../shared/errors';

/**
 * Reference data incidents point at: a two-level category tree and the business services. A subcategory's id
 * is `<parent id>.<slug>` (`network.wifi`), so "in this category or below" is a prefix test with no read.
 */
/** `network` (top level) or `network.wifi` (a subcategory of `network`). */
export const categoryIdPattern = /^[a-z0-9][a-z0-9-]{0,61}[a-z0-9](?:\.[a-z0-9][a-z0-9-]{0,61}[a-z0-9])?$/;

export interface Category {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly parentId?: string;
  readonly active: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface BusinessService {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  /** The assignment group that supports the service. */
  readonly ownerGroup?: string;
  readonly active: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** `network` covers `network` and `network.wifi`. */
export function categoryCovers(ruleCategory: string, incidentCategory: string | undefined): boolean {
  if (!incidentCategory) return false;
  return incidentCategory === ruleCategory || incidentCategory.startsWith(`${ruleCategory}.`);
}

export function referenceExistsError(what: 'Category' | 'Service', id: string): ConflictError {
  return new ConflictError(`${what} ${id} already exists`, `${what.toUpperCase()}_EXISTS`);
}

/** A subcategory's parent must be an existing, active top-level category. */
export function parentCategoryNotActiveError(parentId: string): BusinessRuleError {
  return new BusinessRuleError('PARENT_CATEGORY_NOT_ACTIVE', `There is no active top-level category ${parentId}`, [
    { path: 'parentId', message: `No active top-level category ${parentId}` },
  ]);
}

/** A subcategory cannot be reactivated under a retired parent. */
export function parentCategoryRetiredError(parentId: string): BusinessRuleError {
  return new BusinessRuleError(
    'PARENT_CATEGORY_RETIRED',
    `Reactivate the parent category ${parentId} before its subcategory`,
    [{ path: 'active', message: `The parent category ${parentId} is retired` }],
  );
}
