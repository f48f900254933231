import { BusinessRuleError, ConflictError } from '../shared/errors';

export const linkTypes = ['parent_of', 'child_of', 'relates_to'] as const;
export type LinkType = (typeof linkTypes)[number];

/** One side of a link, as seen from `recordId`. */
export interface Link {
  readonly recordId: string;
  readonly targetId: string;
  readonly targetNumber: string;
  readonly type: LinkType;
  readonly createdAt: string;
  /** Id of the user who linked the records. */
  readonly createdBy: string;
}

/** The parent pointer a parent/child link sets on (or clears from) the child incident. */
export interface ParentPointer {
  readonly childId: string;
  readonly parentId: string;
  readonly parentNumber: string;
  readonly at: string;
}

export function linkExistsError(targetNumber: string): ConflictError {
  return new ConflictError(`${targetNumber} is already linked to this incident`, 'LINK_EXISTS');
}

export function majorCannotBeChildError(number: string): BusinessRuleError {
  return new BusinessRuleError('MAJOR_CANNOT_BE_CHILD', `${number} is a major incident and cannot be a child`, [
    { path: 'target', message: 'A major incident cannot be a child' },
  ]);
}

export function alreadyHasParentError(number: string, parentNumber: string): BusinessRuleError {
  return new BusinessRuleError('ALREADY_HAS_PARENT', `${number} is already a child of ${parentNumber}`, [
    { path: 'target', message: 'The child already has a parent' },
  ]);
}

/** The would-be parent is itself a child (numbers when known), so no cycle can ever form. */
export function parentHasParentError(number?: string, parentNumber?: string): BusinessRuleError {
  const detail =
    number && parentNumber ? `${number} is itself a child of ${parentNumber}` : 'The parent is itself a child';
  return new BusinessRuleError('PARENT_HAS_PARENT', `${detail} and cannot be a parent`, [
    { path: 'target', message: 'The parent is itself a child' },
  ]);
}
