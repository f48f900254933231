import { changeDeps } from '../../compose/changes';
import { createChange } from '../../domain/changes/create-change';
import { getChange, getChangeHistory, listChanges } from '../../domain/changes/read-changes';
import { createRiskQuestion, listRiskQuestions, updateRiskQuestion } from '../../domain/changes/risk-questions';
import { createTemplate, getTemplate, listTemplates, updateTemplate } from '../../domain/changes/templates';
import { updateChange } from '../../domain/changes/update-change';
import { changePageView, changeView, historyView } from '../../domain/changes/view';
import { callerDeps } from '../kernel/caller';
import type { PracticeOperations } from '../kernel/practice-router';
import { recordOperations } from '../kernel/record-operations';
import { ok } from '../kernel/results';
import type { HttpRequest } from '../kernel/types';

const deps = (request: HttpRequest) => changeDeps(callerDeps(request));

const changes = recordOperations('/changes', deps, {
  create: createChange,
  get: async (id, d) => changeView(await getChange(id, d)),
  update: async (id, ifMatch, input, d) => changeView(await updateChange(id, ifMatch, input, d)),
});
const templates = recordOperations('/change-templates', deps, {
  create: createTemplate,
  get: getTemplate,
  update: updateTemplate,
});
const questions = recordOperations('/change-risk-questions', deps, {
  create: createRiskQuestion,
  get: () => {
    throw new Error('GET /change-risk-questions/{id} is not served');
  },
  update: updateRiskQuestion,
});

export const changeOperations: PracticeOperations<'changes'> = {
  createChange: changes.create,
  getChange: changes.get,
  updateChange: changes.update,
  async listChanges(request) {
    return ok(changePageView(await listChanges(request.query, deps(request))));
  },
  async getChangeHistory(request) {
    return ok(historyView(await getChangeHistory(request.params.id, request.query, deps(request))));
  },
  createChangeTemplate: templates.create,
  getChangeTemplate: templates.get,
  updateChangeTemplate: templates.update,
  async listChangeTemplates(request) {
    return ok(await listTemplates(request.query, deps(request)));
  },
  createChangeRiskQuestion: questions.create,
  updateChangeRiskQuestion: questions.update,
  async listChangeRiskQuestions(request) {
    return ok(await listRiskQuestions(request.query, deps(request)));
  },
};
