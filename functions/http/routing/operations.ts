import { routingDeps } from '../../compose/routing';
import { taxonomyDeps } from '../../compose/taxonomy';
import { createRule } from '../../domain/routing/create-rule';
import { deleteRule } from '../../domain/routing/delete-rule';
import { getRule, getRuleset, getRulesHistory } from '../../domain/routing/read-rules';
import type { Ruleset } from '../../domain/routing/rules';
import { updateRule } from '../../domain/routing/update-rule';
import { updateRuleset } from '../../domain/routing/update-ruleset';
import { createCategory } from '../../domain/taxonomy/create-category';
import { createService } from '../../domain/taxonomy/create-service';
import { getCategory, getService, listCategories, listServices } from '../../domain/taxonomy/read-taxonomy';
import { updateCategory } from '../../domain/taxonomy/update-category';
import { updateService } from '../../domain/taxonomy/update-service';
import { callerDeps } from '../kernel/caller';
import type { PracticeOperations } from '../kernel/practice-router';
import { recordOperations } from '../kernel/record-operations';
import { etag, ifMatchVersion } from '../kernel/request';
import { noContent, ok } from '../kernel/results';
import type { HttpRequest } from '../kernel/types';

const taxonomy = (request: HttpRequest) => taxonomyDeps(callerDeps(request));
const routing = (request: HttpRequest) => routingDeps(callerDeps(request));

const categories = recordOperations('/categories', taxonomy, {
  create: createCategory,
  get: getCategory,
  update: updateCategory,
});
const services = recordOperations('/services', taxonomy, {
  create: createService,
  get: getService,
  update: updateService,
});
const routingRules = recordOperations('/routing-rules', routing, {
  create: createRule,
  get: getRule,
  update: updateRule,
});

function rulesetView(ruleset: Ruleset) {
  return {
    defaultGroup: ruleset.defaultGroup ?? null,
    version: ruleset.version,
    ...(ruleset.updatedAt ? { updatedAt: ruleset.updatedAt } : {}),
    items: ruleset.rules,
  };
}

export const routingOperations: PracticeOperations<'routing'> = {
  createCategory: categories.create,

  async listCategories(request) {
    return ok(await listCategories(request.query, taxonomy(request)));
  },

  getCategory: categories.get,
  updateCategory: categories.update,
  createService: services.create,

  async listServices(request) {
    return ok(await listServices(request.query, taxonomy(request)));
  },

  getService: services.get,
  updateService: services.update,

  async getRoutingRules(request) {
    const ruleset = await getRuleset(routing(request));
    return ok(rulesetView(ruleset), etag(ruleset.version));
  },

  async updateRoutingRules(request) {
    const ruleset = await updateRuleset(ifMatchVersion(request.headers), request.body, routing(request));
    return ok(rulesetView(ruleset), etag(ruleset.version));
  },

  createRoutingRule: routingRules.create,

  async getRoutingRulesHistory(request) {
    return ok(await getRulesHistory(request.query, routing(request)));
  },

  getRoutingRule: routingRules.get,
  updateRoutingRule: routingRules.update,

  async deleteRoutingRule(request) {
    await deleteRule(request.params.id, ifMatchVersion(request.headers), routing(request));
    return noContent();
  },
};
