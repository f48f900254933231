import type { ReferenceCheck } from '../domain/shared/references';
import { groupEntity } from './entities/group.entity';
import { membershipEntity } from './entities/membership.entity';
import { categoryEntity, serviceEntity } from './entities/taxonomy.entity';
import type { RecordWrite } from './record-write';

/**
 * Adds the ConditionCheck a reference needs under `name`: the record exists and is active (ALL_OLD on failure tells
 * unknown from retired), or the user is a member of the group. What a failure means is the domain's
 * (`referenceError`).
 */
export function referenceCheckItem(write: RecordWrite, name: string, check: ReferenceCheck): void {
  switch (check.kind) {
    case 'member':
      write.item(name, membershipEntity(), (e) =>
        e
          .check({ groupId: check.groupId, userId: check.userId })
          .where((a, { exists }) => exists(a.userId))
          .commit({ response: 'all_old' }),
      );
      return;
    case 'group':
      write.item(name, groupEntity(), (e) =>
        e
          .check({ id: check.id })
          .where((a, { eq }) => eq(a.active, true))
          .commit({ response: 'all_old' }),
      );
      return;
    case 'category':
    case 'service':
      write.item(name, (check.kind === 'category' ? categoryEntity : serviceEntity)(), (e) =>
        e
          .check({ id: check.id })
          .where((a, { eq }) => eq(a.active, true))
          .commit({ response: 'all_old' }),
      );
      return;
  }
}
