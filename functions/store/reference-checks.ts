import { BusinessRuleError } from '../domain/errors';
import type { ReferenceCheck } from '../domain/incidents/ports';
import type { NimbusService } from './service';
import { rejectedWith, type TransactionResult } from './transactions';

type TransactionEntities = Parameters<Parameters<NimbusService['transaction']['write']>[0]>[0];

const label = { group: 'assignment group', category: 'category', service: 'business service' } as const;

/** One ConditionCheck per reference: the record exists and is active (or the user is a member of the group). */
export function referenceCheckItems(entities: TransactionEntities, checks: readonly ReferenceCheck[]) {
  return checks.map((check) => {
    if (check.kind === 'member') {
      return entities.membership
        .check({ groupId: check.groupId, userId: check.userId })
        .where((a, { exists }) => exists(a.userId))
        .commit();
    }
    const entity = entities[check.kind];
    return entity
      .check({ id: check.id })
      .where((a, { eq }) => eq(a.active, true))
      .commit({ response: 'all_old' });
  });
}

/**
 * The 422 for the checks that failed, read from the transaction's cancellation reasons (`offset` = index of the
 * first check item); undefined when every check held.
 */
export function referenceFailure(
  result: TransactionResult,
  offset: number,
  checks: readonly ReferenceCheck[],
): BusinessRuleError | undefined {
  const failures = checks.flatMap((check, i) => {
    const reason = rejectedWith(result, offset + i);
    if (!reason) return [];
    if (check.kind === 'member') {
      return [
        {
          code: 'ASSIGNEE_NOT_IN_GROUP',
          path: check.path,
          message: 'The assignee is not a member of the assignment group',
        },
      ];
    }
    const exists = reason.item !== null && reason.item !== undefined;
    return [
      {
        code: `${exists ? 'RETIRED' : 'UNKNOWN'}_${check.kind.toUpperCase()}`,
        path: check.path,
        message: exists
          ? `The ${label[check.kind]} ${check.id} is retired and cannot be chosen`
          : `There is no ${label[check.kind]} ${check.id}`,
      },
    ];
  });
  if (failures.length === 0) return undefined;
  const code = failures.length === 1 ? failures[0].code : 'INVALID_REFERENCES';
  return new BusinessRuleError(
    code,
    failures.map((f) => f.message).join('; '),
    failures.map(({ path, message }) => ({ path, message })),
  );
}
