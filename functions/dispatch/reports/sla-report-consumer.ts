/**
 * The SLA report consumer (decision 0021): keeps the report buckets equal to the sum of every clock's current
 * contribution. It reacts to the clock changes of `sla_updated` (met, reopened) and `sla_breached` (breach stamped);
 * for each it recomputes the clock's contribution from the change's `after` and writes the difference to the
 * buckets, with the new contribution, in one transaction conditional on the stored version. Idempotent by that
 * condition and the stored `lastEventId` (no ledger: a ledger's done-mark after the effect leaves a window where a
 * crash counts twice).
 */

import type { SlaReportStore } from '../../domain/reports/ports';
import {
  attributionOf,
  clockContribution,
  clockOutcome,
  contributionDelta,
  sameOutcome,
  shouldApply,
} from '../../domain/reports/sla-report';
import type { AuditEvent, FieldChange } from '../../domain/shared/audit';
import { type ClockKind, clockField, clockKinds, type SlaClock } from '../../domain/sla/clock';
import type { Consumer } from '../consumer';

export const slaReportConsumerName = 'sla-report';

const attempts = 5;
const reportedActions = new Set(['sla_updated', 'sla_breached']);

function clockChanges(event: AuditEvent): { kind: ClockKind; change: FieldChange }[] {
  return clockKinds.flatMap((kind) => {
    const change = event.changes.find((candidate) => candidate.field === clockField(kind));
    return change ? [{ kind, change }] : [];
  });
}

export function slaReportConsumer(deps: { readonly store: SlaReportStore }): Consumer {
  async function applyChange(event: AuditEvent, kind: ClockKind, change: FieldChange): Promise<void> {
    const before = (change.before as SlaClock | null) ?? null;
    const after = (change.after as SlaClock | null) ?? null;
    // Paused, resumed, re-targeted, warned: nothing a report counts changed (no read, no write).
    if (sameOutcome(clockOutcome(before), clockOutcome(after))) return;
    const attribution = attributionOf(event.subject);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const stored = await deps.store.contribution(event.recordId, kind);
      if (!shouldApply(stored, { id: event.id, before })) return;
      const contribution = clockContribution(after, attribution, stored?.contribution);
      const delta = contributionDelta(kind, stored?.contribution, contribution);
      if (delta.length === 0) return;
      const next = { lastEventId: event.id, clock: after, contribution };
      if (await deps.store.apply(event.recordId, kind, next, stored?.version, delta)) return;
    }
    throw new Error(`SLA report contribution of ${event.recordId} ${kind} stayed stale after ${attempts} attempts`);
  }

  return {
    name: slaReportConsumerName,
    wants: (event) =>
      event.recordType === 'incident' && reportedActions.has(event.action) && clockChanges(event).length > 0,
    async handle(event) {
      for (const { kind, change } of clockChanges(event)) await applyChange(event, kind, change);
    },
  };
}
