import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * A risk question (functions/domain/changes/risk.ts); listed in questionnaire order on gsi5 (`orderKey` is the
 * order zero-padded, so it sorts as a string).
 */
export const changeRiskQuestionEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'changeRiskQuestion', version: '1' },
        attributes: {
          id: { type: 'string', required: true },
          text: { type: 'string', required: true },
          order: { type: 'number', required: true },
          orderKey: { type: 'string', required: true },
          answers: { type: 'any', required: true },
          active: { type: 'boolean', required: true },
          createdAt: { type: 'string', required: true },
          updatedAt: { type: 'string', required: true },
          version: { type: 'number', required: true },
          kind: { type: 'string', required: true, default: 'change-risk-question' },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['id'], casing: 'none' },
            sk: { field: 'sk', composite: [], casing: 'none' },
          },
          all: {
            index: 'gsi5',
            pk: { field: 'gsi5pk', composite: ['kind'], casing: 'none' },
            sk: { field: 'gsi5sk', composite: ['orderKey', 'id'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type ChangeRiskQuestionItem = EntityItem<ReturnType<typeof changeRiskQuestionEntity>>;
