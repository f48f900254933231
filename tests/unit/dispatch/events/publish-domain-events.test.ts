import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NdjsonEventPublisher } from '../../../../functions/dispatch/events/ndjson-publisher';
import { publishDomainEvents } from '../../../../functions/dispatch/events/publish-domain-events';
import { domainEventsOf } from '../../../../functions/domain/events/domain-events';
import type { DomainEvent, EventPublisher } from '../../../../functions/domain/events/ports';
import type { AuditEvent } from '../../../../functions/domain/shared/audit';
import { anyAuditEvent } from '../../support/audit-events';
import { schemaErrors } from '../../support/event-schemas';
import { memoryOnce } from '../../support/memory-once';

/** Keeps what it published; fails the publications `failing` says to, once each. */
function recordingPublisher(failing: (event: DomainEvent) => boolean = () => false) {
  const published: DomainEvent[] = [];
  const failed = new Set<string>();
  const publisher: EventPublisher = {
    async publish(events) {
      for (const event of events) {
        const id = String(event.detail.eventId);
        if (failing(event) && !failed.has(id)) {
          failed.add(id);
          throw new Error(`EventBridge refused ${id}`);
        }
      }
      published.push(...events);
    },
  };
  return { publisher, published };
}

const update: AuditEvent = {
  id: '01JNX4QK8Z3V5W7Y9B1C3D5F01',
  recordType: 'incident',
  recordId: '01JNX4Q5M2H8R6T4P0N9K7J3G1',
  action: 'updated',
  actor: { id: 'user-bob', username: 'bob' },
  at: '2026-03-04T10:15:30.123Z',
  changes: [
    { field: 'status', before: 'new', after: 'in_progress' },
    { field: 'assignee', before: null, after: 'user-bob' },
  ],
  subject: {
    number: 'INC0001042',
    status: 'in_progress',
    priority: 'P3',
    assignmentGroup: 'network',
    assignee: 'user-bob',
    major: false,
  },
};

describe('the domain-events consumer', () => {
  it('wants every audit event', () => {
    const consumer = publishDomainEvents(recordingPublisher().publisher);
    expect(consumer.name).toBe('domain-events');
    fc.assert(
      fc.property(anyAuditEvent, (event) => {
        expect(consumer.wants(event)).toBe(true);
      }),
    );
  });

  it('publishes each domain event of the audit event, in order', async () => {
    const { publisher, published } = recordingPublisher();

    await publishDomainEvents(publisher).handle(update, { once: memoryOnce() });

    expect(published).toEqual(domainEventsOf(update));
    expect(published.map((e) => e.detailType)).toEqual(['Incident Status Changed', 'Incident Assigned']);
  });

  it('publishes once when the same audit event is delivered twice', async () => {
    const { publisher, published } = recordingPublisher();
    const consumer = publishDomainEvents(publisher);
    const once = memoryOnce();

    await consumer.handle(update, { once });
    await consumer.handle(structuredClone(update), { once });

    expect(published.map((e) => e.detail.eventId)).toEqual([
      '01JNX4QK8Z3V5W7Y9B1C3D5F01.incident-status-changed',
      '01JNX4QK8Z3V5W7Y9B1C3D5F01.incident-assigned',
    ]);
  });

  it('publishes once when two deliveries of it run at the same time', async () => {
    const { publisher, published } = recordingPublisher();
    const consumer = publishDomainEvents(publisher);
    const once = memoryOnce();

    const outcomes = await Promise.allSettled([consumer.handle(update, { once }), consumer.handle(update, { once })]);
    // The one that lost the race fails and is retried; the retry finds everything done.
    if (outcomes.some((o) => o.status === 'rejected')) await consumer.handle(update, { once });

    expect(published).toHaveLength(2);
  });

  it('a publication that fails once is published on the retry, without repeating the ones already out', async () => {
    const { publisher, published } = recordingPublisher((e) => e.detailType === 'Incident Assigned');
    const consumer = publishDomainEvents(publisher);
    const once = memoryOnce();

    await expect(consumer.handle(update, { once })).rejects.toThrow('EventBridge refused');
    expect(published.map((e) => e.detailType)).toEqual(['Incident Status Changed']);

    await consumer.handle(update, { once });
    expect(published.map((e) => e.detailType)).toEqual(['Incident Status Changed', 'Incident Assigned']);
  });

  it('delivered twice, every audit event publishes each of its events exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyAuditEvent, { maxLength: 10 }), async (events) => {
        const { publisher, published } = recordingPublisher();
        const consumer = publishDomainEvents(publisher);
        const once = memoryOnce();

        for (const event of [...events, ...events]) await consumer.handle(event, { once });

        const expected = events.flatMap((e) => domainEventsOf(e).map((d) => d.detail.eventId));
        expect(published.map((e) => e.detail.eventId).sort()).toEqual([...new Set(expected)].sort());
      }),
      { numRuns: 50 },
    );
  });

  it('writes valid events to the local events file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nimbus-events-'));
    try {
      const file = join(dir, '.data', 'events.ndjson');
      const consumer = publishDomainEvents(new NdjsonEventPublisher(file));
      const once = memoryOnce();

      await consumer.handle(update, { once });
      await consumer.handle(update, { once });

      const lines = (await readFile(file, 'utf8'))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => l['detail-type'])).toEqual(['Incident Status Changed', 'Incident Assigned']);
      for (const l of lines) {
        expect(schemaErrors({ detailType: l['detail-type'], time: l.time, detail: l.detail })).toEqual([]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
