/**
 * The SLA consumer: after each committed incident change, folds the events after the SLA item's cursor into its
 * clocks and saves them (decision 0016), with the incident's place in its group's queue by due time (decision 0019).
 * Idempotent by construction: a redelivery finds nothing after the cursor.
 */
import { ulid } from 'ulid';
import type { AuditEvent } from '../../domain/shared/audit';
import { emptySla, foldEvents, slaChanges } from '../../domain/sla/clocks';
import type { IncidentSlaStore } from '../../domain/sla/ports';
import { samePlacement } from '../../domain/sla/queue-placement';
import type { SlaRules } from '../../domain/sla/rules';
import type { Consumer } from '../consumer';

export interface ClockConsumerDeps {
  readonly store: IncidentSlaStore;
  readonly eventsAfter: (incidentId: string, cursor: string) => Promise<AuditEvent[]>;
  /** Active policies and the calendars they and the given clocks use (from the `SlaConfigReader`). */
  readonly rules: (clockCalendarIds: readonly string[]) => Promise<SlaRules>;
  readonly now: () => Date;
}

const attempts = 4;
const slaActor = { id: 'system', username: 'nimbus', system: { reason: 'SLA' } } as const;

export function clockConsumer(deps: ClockConsumerDeps): Consumer {
  return {
    name: 'sla-clocks',
    wants: (event) => event.recordType === 'incident' && !event.action.startsWith('sla_'),
    async handle(event) {
      for (let attempt = 1; attempt <= attempts; attempt++) {
        const stored = await deps.store.get(event.recordId);
        const before = stored ?? emptySla(event.recordId);
        const rules = await deps.rules(before.clocks.map((clock) => clock.calendarId));
        // Our own sla_* events are never folded; a cursor that moved over them only would write one more each time.
        const events = (await deps.eventsAfter(event.recordId, before.cursor)).filter(
          (e) => !e.action.startsWith('sla_'),
        );
        const folded = foldEvents(before, events, rules.targetsFor, rules.calendarFor);
        const changes = slaChanges(before, folded);
        const moved = !samePlacement(before.queue, folded.queue);
        // Nothing changed: the cursor may stay behind, folding those events again changes nothing either.
        if (changes.length === 0 && !moved) return;
        const next = { ...folded, version: before.version + 1 };
        const last = events.at(-1);
        // Only the queue placement moved (group, open/closed, priority of a clock-less incident): the incident's own
        // event already tells that story, so the item is saved without an sla_updated event (decision 0019).
        const audit: AuditEvent | undefined =
          changes.length === 0
            ? undefined
            : {
                id: ulid(),
                recordType: 'incident',
                recordId: event.recordId,
                action: 'sla_updated',
                actor: slaActor,
                at: deps.now().toISOString(),
                changes,
                ...(last?.subject ? { subject: last.subject } : {}),
              };
        if (await deps.store.save(next, stored?.version, audit)) return;
      }
      throw new Error(`SLA item of ${event.recordId} stayed stale after ${attempts} attempts`);
    },
  };
}
