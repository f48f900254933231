import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * One item per change (functions/domain/changes/change.ts). People are stored as `UserRef` maps and nested shapes
 * (`services`, `risk`, `approval`, …) as whole values (`any`: ElectroDB would drop map keys it was not told about);
 * the flat key attributes are what the indexes sort and filter on.
 * - `stage` orders lists by lifecycle (`01-draft` … `10-failed`), so a status filter is a key condition.
 * - `calendarKey` is set only while the change has a planned window: the calendar index is sparse, sorted by start.
 * - `implementerId` and `implementerOrder` (`<stage>#<id>`) are set only while the change names an implementer: the
 *   implementer index is sparse, in the same lifecycle order as the requester's (decision 0037).
 */
export const changeEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'change', version: '1' },
        attributes: {
          id: { type: 'string', required: true },
          number: { type: 'string', required: true },
          title: { type: 'string', required: true },
          description: { type: 'string', required: true },
          type: { type: 'string', required: true },
          templateId: { type: 'string' },
          services: { type: 'any', required: true },
          cis: { type: 'any', required: true },
          implementationPlan: { type: 'string', required: true },
          backoutPlan: { type: 'string', required: true },
          testPlan: { type: 'string', required: true },
          plannedStart: { type: 'string' },
          plannedEnd: { type: 'string' },
          requester: { type: 'any', required: true },
          requesterId: { type: 'string', required: true },
          implementer: { type: 'any' },
          changeManager: { type: 'any' },
          risk: { type: 'any' },
          status: { type: 'string', required: true },
          stage: { type: 'string', required: true },
          approval: { type: 'any' },
          conflicts: { type: 'any' },
          blackoutOverride: { type: 'any' },
          implementation: { type: 'any' },
          review: { type: 'any' },
          closeReason: { type: 'string' },
          createdAt: { type: 'string', required: true },
          updatedAt: { type: 'string', required: true },
          version: { type: 'number', required: true },
          /** Always `change`: the partition of the all-changes list. */
          kind: { type: 'string', required: true },
          /** `change-calendar` while `plannedStart` is set, else absent (keeps the calendar index sparse). */
          calendarKey: { type: 'string' },
          /** The implementer's id while there is one, else absent (keeps the implementer index sparse). */
          implementerId: { type: 'string' },
          /** `<stage>#<id>` while there is an implementer: the implementer index's sort key, lifecycle order. */
          implementerOrder: { type: 'string' },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['id'], casing: 'none' },
            sk: { field: 'sk', composite: [], casing: 'none' },
          },
          byNumber: {
            index: 'gsi1',
            pk: { field: 'gsi1pk', composite: ['number'], casing: 'none' },
            sk: { field: 'gsi1sk', composite: [], casing: 'none' },
          },
          byRequester: {
            index: 'gsi2',
            pk: { field: 'gsi2pk', composite: ['requesterId'], casing: 'none' },
            sk: { field: 'gsi2sk', composite: ['stage', 'id'], casing: 'none' },
          },
          byWindow: {
            index: 'gsi3',
            condition: (attr) => typeof attr.calendarKey === 'string' && typeof attr.plannedStart === 'string',
            pk: { field: 'gsi3pk', composite: ['calendarKey'], casing: 'none' },
            // Only `plannedStart`: with `id` in the key every write would "provide" a composite of this conditional
            // index, and ElectroDB refuses writes of a change without a window (incomplete composites).
            sk: { field: 'gsi3sk', composite: ['plannedStart'], casing: 'none' },
          },
          byImplementer: {
            index: 'gsi4',
            condition: (attr) => typeof attr.implementerId === 'string' && typeof attr.implementerOrder === 'string',
            pk: { field: 'gsi4pk', composite: ['implementerId'], casing: 'none' },
            // Not `['stage', 'id']`: every write provides those, and a conditional index refuses writes that provide
            // some of its composites but not all (a change without an implementer). Both attributes come and go together.
            sk: { field: 'gsi4sk', composite: ['implementerOrder'], casing: 'none' },
          },
          all: {
            index: 'gsi5',
            pk: { field: 'gsi5pk', composite: ['kind'], casing: 'none' },
            sk: { field: 'gsi5sk', composite: ['stage', 'id'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type ChangeItem = EntityItem<ReturnType<typeof changeEntity>>;
