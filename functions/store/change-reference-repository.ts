/** The change practice's reference data: standard-change templates and risk questions, each written with its audit event. */

import type { AffectedItem } from '../domain/changes/change';
import type { RiskAnswerOption, RiskQuestion } from '../domain/changes/risk';
import type { RiskQuestionRepository } from '../domain/changes/risk-questions';
import type { ChangeTemplate, ChangeTemplateRepository } from '../domain/changes/templates';
import { type ChangeRiskQuestionItem, changeRiskQuestionEntity } from './entities/change-risk-question.entity';
import { type ChangeTemplateItem, changeTemplateEntity } from './entities/change-template.entity';
import { indexKeys, onePage } from './paging';
import { recordWrite } from './record-write';

function templateToItem(t: ChangeTemplate): ChangeTemplateItem {
  return { ...t, services: [...t.services], cis: [...t.cis], kind: 'change-template' };
}

function templateFromItem(item: ChangeTemplateItem): ChangeTemplate {
  return {
    id: item.id,
    name: item.name,
    description: item.description,
    title: item.title,
    implementationPlan: item.implementationPlan,
    backoutPlan: item.backoutPlan,
    testPlan: item.testPlan,
    services: (item.services ?? []) as AffectedItem[],
    cis: (item.cis ?? []) as AffectedItem[],
    defaultDurationMinutes: item.defaultDurationMinutes,
    active: item.active,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  };
}

function questionToItem(q: RiskQuestion): ChangeRiskQuestionItem {
  return {
    ...q,
    answers: q.answers.map((a) => ({ ...a })),
    orderKey: String(q.order).padStart(5, '0'),
    kind: 'change-risk-question',
  };
}

function questionFromItem(item: ChangeRiskQuestionItem): RiskQuestion {
  return {
    id: item.id,
    text: item.text,
    order: item.order,
    answers: (item.answers ?? []) as RiskAnswerOption[],
    active: item.active,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  };
}

export const changeTemplateRepository: ChangeTemplateRepository = {
  async create(template, event, idempotency) {
    const outcome = await recordWrite()
      .item('record', changeTemplateEntity(), (e) => e.create(templateToItem(template)).commit())
      .audit(event)
      .idempotency(idempotency, template, template.createdAt)
      .commit();
    if (outcome.committed) return { value: template, replayed: false };
    const replay = outcome.replayed<ChangeTemplate>();
    if (replay) return { value: replay, replayed: true };
    throw outcome.unexpected();
  },

  async get(id) {
    const { data } = await changeTemplateEntity().get({ id }).go({ consistent: true });
    return data ? templateFromItem(data) : undefined;
  },

  list(page) {
    return onePage(
      changeTemplateEntity().query.all({ kind: 'change-template' }),
      page,
      indexKeys(5),
      templateFromItem,
      {
        scoped: true,
      },
    );
  },

  async update(next, previous, event) {
    const outcome = await recordWrite()
      .item('record', changeTemplateEntity(), (e) =>
        e
          .put(templateToItem(next))
          .where((a, { eq }) => eq(a.version, previous.version))
          .commit({ response: 'all_old' }),
      )
      .audit(event)
      .commit();
    if (outcome.committed) return next;
    outcome.throwIfStale('Change template', previous.version);
    throw outcome.unexpected();
  },
};

export const riskQuestionRepository: RiskQuestionRepository = {
  async create(question, event, idempotency) {
    const outcome = await recordWrite()
      .item('record', changeRiskQuestionEntity(), (e) => e.create(questionToItem(question)).commit())
      .audit(event)
      .idempotency(idempotency, question, question.createdAt)
      .commit();
    if (outcome.committed) return { value: question, replayed: false };
    const replay = outcome.replayed<RiskQuestion>();
    if (replay) return { value: replay, replayed: true };
    throw outcome.unexpected();
  },

  async get(id) {
    const { data } = await changeRiskQuestionEntity().get({ id }).go({ consistent: true });
    return data ? questionFromItem(data) : undefined;
  },

  list(page) {
    return onePage(
      changeRiskQuestionEntity().query.all({ kind: 'change-risk-question' }),
      page,
      indexKeys(5),
      questionFromItem,
      { scoped: true },
    );
  },

  async all() {
    const { data } = await changeRiskQuestionEntity().query.all({ kind: 'change-risk-question' }).go({ pages: 'all' });
    return data.map(questionFromItem);
  },

  async update(next, previous, event) {
    const outcome = await recordWrite()
      .item('record', changeRiskQuestionEntity(), (e) =>
        e
          .put(questionToItem(next))
          .where((a, { eq }) => eq(a.version, previous.version))
          .commit({ response: 'all_old' }),
      )
      .audit(event)
      .commit();
    if (outcome.committed) return next;
    outcome.throwIfStale('Risk question', previous.version);
    throw outcome.unexpected();
  },
};
