import { monotonicFactory } from 'ulid';
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
import { idempotencyClaim, replayedHeader } from '../kernel/idempotency';
import { etag, ifMatchVersion } from '../kernel/request';
import type { HttpRequest, HttpResult, OperationHandler } from '../kernel/types';

const ulid = monotonicFactory();
const ids = { next: () => ulid() };

function taxonomyDeps(request: HttpRequest): TaxonomyDeps {
  return { actor: request.actor as Actor, taxonomy: taxonomyRepository, clock: systemClock, ids };
}

function routingDeps(request: HttpRequest): RoutingDeps {
  return { actor: request.actor as Actor, routing: routingRepository, clock: systemClock, ids };
}

function versioned(status: number, record: { version: number }, extra: Record<string, string> = {}): HttpResult {
  return { status, body: record, headers: { etag: etag(record.version), ...extra } };
}

function created(path: string, value: { id: string; version: number }, replayed: boolean): HttpResult {
  return versioned(201, value, {
    location: `${path}/${encodeURIComponent(value.id)}`,
    ...(replayed ? replayedHeader : {}),
  });
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
    const { value, replayed } = await createCategory(request.body, taxonomyDeps(request), idempotencyClaim(request));
    return created('/categories', value, replayed);
  },

  async listCategories(request) {
    return { status: 200, body: await listCategories(request.query, taxonomyDeps(request)) };
  },

  async getCategory(request) {
    return versioned(200, await getCategory(request.params.id, taxonomyDeps(request)));
  },

  async updateCategory(request) {
    const ifMatch = ifMatchVersion(request.headers);
    return versioned(200, await updateCategory(request.params.id, ifMatch, request.body, taxonomyDeps(request)));
  },

  async createService(request) {
    const { value, replayed } = await createService(request.body, taxonomyDeps(request), idempotencyClaim(request));
    return created('/services', value, replayed);
  },

  async listServices(request) {
    return { status: 200, body: await listServices(request.query, taxonomyDeps(request)) };
  },

  async getService(request) {
    return versioned(200, await getService(request.params.id, taxonomyDeps(request)));
  },

  async updateService(request) {
    const ifMatch = ifMatchVersion(request.headers);
    return versioned(200, await updateService(request.params.id, ifMatch, request.body, taxonomyDeps(request)));
  },

  async getRoutingRules(request) {
    const ruleset = await getRuleset(routingDeps(request));
    return { status: 200, body: rulesetView(ruleset), headers: { etag: etag(ruleset.version) } };
  },

  async updateRoutingRules(request) {
    const ruleset = await updateRuleset(ifMatchVersion(request.headers), request.body, routingDeps(request));
    return { status: 200, body: rulesetView(ruleset), headers: { etag: etag(ruleset.version) } };
  },

  async createRoutingRule(request) {
    const { value, replayed } = await createRule(request.body, routingDeps(request), idempotencyClaim(request));
    return created('/routing-rules', value, replayed);
  },

  async getRoutingRulesHistory(request) {
    return { status: 200, body: await getRulesHistory(request.query, routingDeps(request)) };
  },

  async getRoutingRule(request) {
    return versioned(200, await getRule(request.params.id, routingDeps(request)));
  },

  async updateRoutingRule(request) {
    const ifMatch = ifMatchVersion(request.headers);
    return versioned(200, await updateRule(request.params.id, ifMatch, request.body, routingDeps(request)));
  },

  async deleteRoutingRule(request) {
    await deleteRule(request.params.id, ifMatchVersion(request.headers), routingDeps(request));
    return { status: 204 };
  },
};
