import type { SlaConfigReader } from '../domain/sla/ports';
import { env } from '../shared/env';
import { policyScope, slaPolicyEntity } from './entities/sla-policy.entity';
import { cached } from './sla-config-cache';
import { calendarRepository, ensureSlaDefaults, policyFromItem } from './sla-config-repository';

/**
 * The SLA configuration as the clock engine reads it on every incident change: every active policy with one Query
 * (all pages), each calendar with one GetItem (24x7 with none), both cached for 30 s per process (sla-config-cache).
 */
export const slaConfigReader: SlaConfigReader = {
  activePolicies() {
    return cached(`${env().TABLE_NAME}:policies`, async () => {
      await ensureSlaDefaults();
      const { data } = await slaPolicyEntity()
        .query.primary({ scope: policyScope })
        .go({ pages: 'all', consistent: true });
      return data.map(policyFromItem).filter((p) => p.active);
    });
  },

  calendar(id) {
    return cached(`${env().TABLE_NAME}:calendar:${id}`, () => calendarRepository.get(id));
  },
};
