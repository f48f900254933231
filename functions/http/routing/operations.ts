import type { Actor } from '../../domain/actor';
import { systemClock } from '../../domain/clock';
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
import { idempotencyClaim } from '../kernel/idempotency';
import { ids } from '../kernel/ids';
import { etag, ifMatchVersion } from '../kernel/request';
import { created, noContent, ok, okRecord } from '../kernel/results';
import type { HttpRequest, OperationHandler } from '../kernel/types';

function taxonomyDeps(request: HttpRequest): TaxonomyDeps {
  return { actor: request.actor as Actor, taxonomy: taxonomyRepository, clock: systemClock, ids };
}

function routingDeps(request: HttpRequest): RoutingDeps {
  return { actor: request.actor as Actor, routing: routingRepository, clock: systemClock, ids };
}

/** 201 with the new record under `path`, its ETag, and Idempotent-Replayed on a replay. */
function createdAt(path: string, { value, replayed }: { value: { id: string; version: number }; replayed: boolean }) {
  return created(value, `${path}/${encodeURIComponent(value.id)}`, { replayed, etag: etag(value.version) });
}

function rulesetView(ruleset: Ruleset) {
  return {
    defaultGroup: ruleset.defaultGroup ?? null,
    version: ruleset.version,
    ...(ruleset.updatedAt ? { updatedAt: ruleset.updatedAt } : {}),
    items: ruleset.rules,
  };
}

export const routingOperations: Record<string, OperationHandler> = {
  async createCategory(request) {
    return createdAt(
      '/categories',
      await createCategory(request.body, taxonomyDeps(request), idempotencyClaim(request)),
    );
  },

  async listCategories(request) {
    return ok(await listCategories(request.query, taxonomyDeps(request)));
  },

  async getCategory(request) {
    return okRecord(await getCategory(request.params.id, taxonomyDeps(request)));
  },

  async updateCategory(request) {
    const ifMatch = ifMatchVersion(request.headers);
    return okRecord(await updateCategory(request.params.id, ifMatch, request.body, taxonomyDeps(request)));
  },

  async createService(request) {
    return createdAt('/services', await createService(request.body, taxonomyDeps(request), idempotencyClaim(request)));
  },

  async listServices(request) {
    return ok(await listServices(request.query, taxonomyDeps(request)));
  },

  async getService(request) {
    return okRecord(await getService(request.params.id, taxonomyDeps(request)));
  },

  async updateService(request) {
    const ifMatch = ifMatchVersion(request.headers);
    return okRecord(await updateService(request.params.id, ifMatch, request.body, taxonomyDeps(request)));
  },

  async getRoutingRules(request) {
    const ruleset = await getRuleset(routingDeps(request));
    return ok(rulesetView(ruleset), etag(ruleset.version));
  },

  async updateRoutingRules(request) {
    const ruleset = await updateRuleset(ifMatchVersion(request.headers), request.body, routingDeps(request));
    return ok(rulesetView(ruleset), etag(ruleset.version));
  },

  async createRoutingRule(request) {
    return createdAt('/routing-rules', await createRule(request.body, routingDeps(request), idempotencyClaim(request)));
  },

  async getRoutingRulesHistory(request) {
    return ok(await getRulesHistory(request.query, routingDeps(request)));
  },

  async getRoutingRule(request) {
    return okRecord(await getRule(request.params.id, routingDeps(request)));
  },

  async updateRoutingRule(request) {
    const ifMatch = ifMatchVersion(request.headers);
    return okRecord(await updateRule(request.params.id, ifMatch, request.body, routingDeps(request)));
  },

  async deleteRoutingRule(request) {
    await deleteRule(request.params.id, ifMatchVersion(request.headers), routingDeps(request));
    return noContent();
  },
};
