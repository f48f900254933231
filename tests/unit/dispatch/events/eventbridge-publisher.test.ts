import { EventBridgeClient, type PutEventsCommand, type PutEventsResponse } from '@aws-sdk/client-eventbridge';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EventBridgePublisher,
  PublishFailedError,
  type PutEventsClient,
} from '../../../../functions/dispatch/events/eventbridge-publisher';
import {
  batchesOf,
  EntryTooLargeError,
  entrySize,
  maxEntriesPerRequest,
  maxRequestBytes,
} from '../../../../functions/dispatch/events/put-events-batches';
import type { DomainEvent } from '../../../../functions/domain/events/ports';

/** Records every request; answers each with `respond` (all accepted unless told otherwise). */
function fakeClient(respond?: (entries: number, call: number) => PutEventsResponse | undefined) {
  const requests: PutEventsCommand['input'][] = [];
  const client: PutEventsClient = {
    async send(command) {
      requests.push(command.input);
      const n = command.input.Entries?.length ?? 0;
      return (
        respond?.(n, requests.length) ?? {
          FailedEntryCount: 0,
          Entries: Array.from({ length: n }, (_, i) => ({ EventId: `eb-${requests.length}-${i}` })),
        }
      );
    },
  };
  return { client, requests };
}

const event = (n: number, padding = ''): DomainEvent => ({
  detailType: 'Incident Created',
  time: '2026-03-04T10:15:30.123Z',
  detail: {
    schemaVersion: 1,
    eventId: `01JNX4QK8Z3V5W7Y9B1C3D5F${String(n).padStart(2, '0')}.incident-created`,
    padding,
  },
});

describe('EventBridgePublisher', () => {
  it('puts each event on the configured bus with source nimbus, its detail-type, detail as JSON and time', async () => {
    const { client, requests } = fakeClient();

    await new EventBridgePublisher({ client, eventBusName: 'nimbus' }).publish([event(1)]);

    expect(requests).toEqual([
      {
        Entries: [
          {
            EventBusName: 'nimbus',
            Source: 'nimbus',
            DetailType: 'Incident Created',
            Detail: JSON.stringify(event(1).detail),
            Time: new Date('2026-03-04T10:15:30.123Z'),
          },
        ],
      },
    ]);
  });

  it('sends at most 10 entries per request, in order', async () => {
    const { client, requests } = fakeClient();
    const events = Array.from({ length: 25 }, (_, i) => event(i));

    await new EventBridgePublisher({ client, eventBusName: 'bus' }).publish(events);

    expect(requests.map((r) => r.Entries?.length)).toEqual([10, 10, 5]);
    expect(requests.flatMap((r) => r.Entries?.map((e) => JSON.parse(e.Detail ?? '').eventId))).toEqual(
      events.map((e) => e.detail.eventId),
    );
  });

  it('keeps each request within 256 KB', async () => {
    const { client, requests } = fakeClient();
    const large = Array.from({ length: 5 }, (_, i) => event(i, 'x'.repeat(100_000)));

    await new EventBridgePublisher({ client, eventBusName: 'bus' }).publish(large);

    expect(requests.map((r) => r.Entries?.length)).toEqual([2, 2, 1]);
  });

  it('refuses an event larger than PutEvents takes, before sending anything', async () => {
    const { client, requests } = fakeClient();

    const publishing = new EventBridgePublisher({ client, eventBusName: 'bus' }).publish([
      event(1),
      event(2, 'x'.repeat(maxRequestBytes)),
    ]);

    await expect(publishing).rejects.toBeInstanceOf(EntryTooLargeError);
    expect(requests).toEqual([]);
  });

  it('throws naming the entries EventBridge refused, and sends no later request', async () => {
    const { client, requests } = fakeClient((n, call) =>
      call === 2
        ? {
            FailedEntryCount: 1,
            Entries: Array.from({ length: n }, (_, i) =>
              i === 3
                ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }
                : { EventId: `eb-${call}-${i}` },
            ),
          }
        : undefined,
    );
    const events = Array.from({ length: 25 }, (_, i) => event(i));

    const error = await new EventBridgePublisher({ client, eventBusName: 'bus' }).publish(events).catch((e) => e);

    expect(error).toBeInstanceOf(PublishFailedError);
    expect(error.failed).toEqual([
      {
        detailType: 'Incident Created',
        eventId: events[13].detail.eventId,
        errorCode: 'ThrottlingException',
        errorMessage: 'Rate exceeded',
      },
    ]);
    expect(error.message).toContain(`${events[13].detail.eventId}: ThrottlingException`);
    expect(requests).toHaveLength(2);
  });

  it('publishing nothing sends nothing', async () => {
    const { client, requests } = fakeClient();
    await new EventBridgePublisher({ client, eventBusName: 'bus' }).publish([]);
    expect(requests).toEqual([]);
  });

  it('takes the real EventBridge client', () => {
    const real: PutEventsClient = new EventBridgeClient({ region: 'eu-west-1' });
    expect(typeof real.send).toBe('function');
  });
});

describe('batchesOf', () => {
  it('keeps every entry, in order, in requests within both limits', () => {
    const entry = fc.record({
      Source: fc.constant('nimbus'),
      DetailType: fc.constantFrom('Incident Created', 'Comment Added'),
      // Mostly small details, some up to half the request limit, in multi-byte characters.
      Detail: fc.oneof(
        fc.string({ maxLength: 200 }).map((text) => JSON.stringify({ text })),
        fc.nat(65_000).map((n) => JSON.stringify({ pad: 'é'.repeat(n) })),
      ),
      Time: fc.constant(new Date()),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), (entries) => {
        const batches = batchesOf(entries);
        const flat = batches.flat();
        expect(flat).toHaveLength(entries.length);
        expect(flat.every((e, i) => e === entries[i])).toBe(true);
        for (const batch of batches) {
          expect(batch.length).toBeGreaterThan(0);
          expect(batch.length).toBeLessThanOrEqual(maxEntriesPerRequest);
          expect(batch.reduce((sum, e) => sum + entrySize(e), 0)).toBeLessThanOrEqual(maxRequestBytes);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('counts sizes as EventBridge does: UTF-8 bytes, 14 for the time', () => {
    expect(entrySize({ Source: 'nimbus', DetailType: 'Ä', Detail: '{}', Time: new Date(), Resources: ['arn:x'] })).toBe(
      6 + 2 + 2 + 14 + 5,
    );
  });
});
