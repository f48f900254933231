import { createRule } from '../../domain/routing/create-rule';
import { deleteRule } from '../../domain/routing/delete-rule';
import type { RoutingDeps } from '../../domain/routing/ports';
import { getRule, getRuleset, getRulesHistory } from '../../domain/routing/read-rules';
import type { Ruleset } from '../../domain/routing/rules';
import { updateRule } from '../../domain/routing/update-rule';
import { updateRuleset } from '../../domain/routing/update-ruleset';
import { createCategory } from '../../domain/taxonomy/create-category';
import { createService } from '../../domain/taxonomy/create-service';
import type { TaxonomyDeps } from '../../domain/taxonomy/ports';
import { getCategory, getService, listCategories, listServices } from '../../domain/taxonomy/read-taxonomy';
import { updateCategory } from '../../domain/taxonomy/update-category';
import { updateService } from '../../domain/taxonomy/update-service';
import { routingRepository } from '../../store/routing-repository';
import { taxonomyRepository } from '../../store/taxonomy-repository';
import { callerDeps } from '../kernel/caller';
import { recordOperations } from '../kernel/record-operations';
import { etag, ifMatchVersion } from '../kernel/request';
import { noContent, ok } from '../kernel/results';
import type { HttpRequest, OperationHandler } from '../kernel/types';

function taxonomyDeps(request: HttpRequest): TaxonomyDeps {
  return { ...callerDeps(request), taxonomy: taxonomyRepository };
}

function routingDeps(request: HttpRequest): RoutingDeps {
  return { ...callerDeps(request), routing: routingRepository };
}

const categories = recordOperations('/categories', taxonomyDeps, {
  create: createCategory,
  get: getCategory,
  update: updateCategory,
});
const services = recordOperations('/services', taxonomyDeps, {
  create: createService,
  get: getService,
  update: updateService,
});
const routingRules = recordOperations('/routing-rules', routingDeps, {
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

export const routingOperations: Record<string, OperationHandler> = {
  createCategory: categories.create,

  async listCategories(request) {
    return ok(await listCategories(request.query, taxonomyDeps(request)));
  },

  getCategory: categories.get,
  updateCategory: categories.update,
  createService: services.create,

  async listServices(request) {
    return ok(await listServices(request.query, taxonomyDeps(request)));
  },

  getService: services.get,
  updateService: services.update,

  async getRoutingRules(request) {
    const ruleset = await getRuleset(routingDeps(request));
    return ok(rulesetView(ruleset), etag(ruleset.version));
  },

  async updateRoutingRules(request) {
    const ruleset = await updateRuleset(ifMatchVersion(request.headers), request.body, routingDeps(request));
    return ok(rulesetView(ruleset), etag(ruleset.version));
  },

  createRoutingRule: routingRules.create,

  async getRoutingRulesHistory(request) {
    return ok(await getRulesHistory(request.query, routingDeps(request)));
  },

  getRoutingRule: routingRules.get,
  updateRoutingRule: routingRules.update,

  async deleteRoutingRule(request) {
    await deleteRule(request.params.id, ifMatchVersion(request.headers), routingDeps(request));
    return noContent();
  },
};
