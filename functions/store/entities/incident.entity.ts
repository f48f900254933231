import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * One item per incident. `stage` orders lists by lifecycle (open work first) and lets a status filter be a
 * key condition; `assigneeKey` / `groupKey` / `kind` are the partition keys of the list indexes.
 */
export const incidentEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'incident', version: '1' },
        attributes: {
          id: { type: 'string', required: true },
          number: { type: 'string', required: true },
          title: { type: 'string', required: true },
          description: { type: 'string', required: true },
          impact: { type: 'number', required: true },
          urgency: { type: 'number', required: true },
          priority: { type: 'string', required: true },
          status: { type: 'string', required: true },
          stage: { type: 'string', required: true },
          category: { type: 'string' },
          service: { type: 'string' },
          assignmentGroup: { type: 'string' },
          assignee: { type: 'string' },
          /** The assignee's display name, stamped by the change that assigned them. */
          assigneeName: { type: 'string' },
          ciId: { type: 'string' },
          major: { type: 'boolean' },
          majorDeclaredAt: { type: 'string' },
          majorDeclaredBy: { type: 'string' },
          parentId: { type: 'string' },
          parentNumber: { type: 'string' },
          priorityReason: { type: 'string' },
          requesterId: { type: 'string', required: true },
          /** The requester's username (named before people had display names). */
          requesterName: { type: 'string', required: true },
          /** The requester's display name as of the creation; absent on older incidents (the username stands in). */
          requesterDisplayName: { type: 'string' },
          holdReason: { type: 'string' },
          resolutionCode: { type: 'string' },
          resolutionNotes: { type: 'string' },
          resolvedAt: { type: 'string' },
          resolvedBy: { type: 'string' },
          closedAt: { type: 'string' },
          reopenCount: { type: 'number', required: true },
          createdAt: { type: 'string', required: true },
          updatedAt: { type: 'string', required: true },
          version: { type: 'number', required: true },
          assigneeKey: { type: 'string', required: true },
          groupKey: { type: 'string', required: true },
          kind: { type: 'string', required: true },
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
          byAssignee: {
            index: 'gsi3',
            pk: { field: 'gsi3pk', composite: ['assigneeKey'], casing: 'none' },
            sk: { field: 'gsi3sk', composite: ['stage', 'id'], casing: 'none' },
          },
          byGroup: {
            index: 'gsi4',
            pk: { field: 'gsi4pk', composite: ['groupKey'], casing: 'none' },
            sk: { field: 'gsi4sk', composite: ['stage', 'id'], casing: 'none' },
          },
          all: {
            index: 'gsi5',
            pk: { field: 'gsi5pk', composite: ['kind'], casing: 'none' },
            sk: { field: 'gsi5sk', composite: ['stage', 'id'], casing: 'none' },
          },
          /** A group's open work (sparse: only new / in progress / on hold), P1 first, then oldest first. */
          byQueue: {
            index: 'gsi6',
            condition: (attr) => typeof attr.stage === 'string' && attr.stage < '4',
            pk: { field: 'gsi6pk', composite: ['groupKey'], casing: 'none' },
            sk: { field: 'gsi6sk', composite: ['priority', 'id'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type IncidentItem = EntityItem<ReturnType<typeof incidentEntity>>;
