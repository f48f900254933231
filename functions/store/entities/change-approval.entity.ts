import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * One item per approver per authorisation round of a change (functions/domain/changes/approvals.ts): the approval
 * request, and the approver's vote written onto it (conditionally: once). Listed per change (table, round then
 * approver) and per approver (gsi4, by state then oldest request first — the CAB screen's `?state=pending`).
 */
export const changeApprovalEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'changeApproval', version: '1' },
        attributes: {
          changeId: { type: 'string', required: true },
          round: { type: 'number', required: true },
          /** `round` zero-padded (`0001`): keys sort as text. */
          roundKey: { type: 'string', required: true },
          path: { type: 'string', required: true },
          approver: { type: 'any', required: true },
          approverId: { type: 'string', required: true },
          state: { type: ['pending', 'approved', 'rejected', 'withdrawn'] as const, required: true },
          requestedAt: { type: 'string', required: true },
          votedAt: { type: 'string' },
          reason: { type: 'string' },
          change: { type: 'any', required: true },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['changeId'], casing: 'none' },
            sk: { field: 'sk', composite: ['roundKey', 'approverId'], casing: 'none' },
          },
          byApprover: {
            index: 'gsi4',
            pk: { field: 'gsi4pk', composite: ['approverId'], casing: 'none' },
            sk: { field: 'gsi4sk', composite: ['state', 'requestedAt', 'changeId', 'roundKey'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type ChangeApprovalItem = EntityItem<ReturnType<typeof changeApprovalEntity>>;
