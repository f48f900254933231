import type { ReferenceCheck } from '../domain/shared/references';
import { calendarEntity, calendarScope } from './entities/calendar.entity';
import { groupEntity } from './entities/group.entity';
import { membershipEntity } from './entities/membership.entity';
import { personEntity } from './entities/person.entity';
import { categoryEntity, serviceEntity } from './entities/taxonomy.entity';
import type { RecordWrite } from './record-write';

/**
 * Adds the ConditionCheck a reference needs under `name`: the record exists and is active (ALL_OLD on failure tells
 * unknown from retired), the user is a member of the group, or the person exists, is active and (when the request
 * named one) has that username. What a failure means is the domain's
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
    case 'person': {
      const { username } = check;
      write.item(name, personEntity(), (e) =>
        e
          .check({ id: check.id })
          .where((a, { eq }) =>
            username === undefined ? eq(a.active, true) : `${eq(a.active, true)} AND ${eq(a.username, username)}`,
          )
          .commit({ response: 'all_old' }),
      );
      return;
    }
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
    case 'calendar':
      write.item(name, calendarEntity(), (e) =>
        e
          .check({ scope: calendarScope, id: check.id })
          .where((a, { exists }) => exists(a.id))
          .commit({ response: 'all_old' }),
      );
      return;
  }
}
