import { PutEventsCommand, type PutEventsRequestEntry, type PutEventsResponse } from '@aws-sdk/client-eventbridge';
import { type DomainEvent, type EventPublisher, eventSource } from '../../domain/events/ports';
import { batchesOf } from './put-events-batches';

/** What the publisher needs of `EventBridgeClient` (a fake in tests). */
export interface PutEventsClient {
  send(command: PutEventsCommand): Promise<PutEventsResponse>;
}

export interface FailedEntry {
  readonly detailType: string;
  readonly eventId: string;
  readonly errorCode: string;
  readonly errorMessage: string;
}

/** Some entries of a PutEvents request were not accepted (throttled, not authorised, …). */
export class PublishFailedError extends Error {
  constructor(readonly failed: readonly FailedEntry[]) {
    const named = failed.map((f) => `${f.detailType} ${f.eventId}: ${f.errorCode} ${f.errorMessage}`);
    super(`EventBridge refused ${failed.length} event(s): ${named.join('; ')}`);
    this.name = 'PublishFailedError';
  }
}

function entryOf(event: DomainEvent, eventBusName: string): PutEventsRequestEntry {
  const time = new Date(event.time);
  return {
    EventBusName: eventBusName,
    Source: eventSource,
    DetailType: event.detailType,
    Detail: JSON.stringify(event.detail),
    // Without a valid Time, EventBridge stamps the time of the call.
    ...(Number.isNaN(time.getTime()) ? {} : { Time: time }),
  };
}

/**
 * Publishes to the customer's bus with PutEvents, in order, in requests of at most 10 entries and 256 KB. A request
 * with failed entries (PutEvents answers 200 and counts them in `FailedEntryCount`) stops the publication and throws
 * naming them: the caller retries the whole call, and subscribers de-duplicate on `detail.eventId`.
 */
export class EventBridgePublisher implements EventPublisher {
  readonly #client: PutEventsClient;
  readonly #eventBusName: string;

  constructor(options: { readonly client: PutEventsClient; readonly eventBusName: string }) {
    this.#client = options.client;
    this.#eventBusName = options.eventBusName;
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    const entries = events.map((event) => entryOf(event, this.#eventBusName));
    let offset = 0;
    for (const batch of batchesOf(entries)) {
      const response = await this.#client.send(new PutEventsCommand({ Entries: batch }));
      if ((response.FailedEntryCount ?? 0) > 0) {
        throw new PublishFailedError(failedEntries(events.slice(offset, offset + batch.length), response));
      }
      offset += batch.length;
    }
  }
}

/** Result entries are in the order of the request's: failed ones have an ErrorCode instead of an EventId. */
function failedEntries(sent: readonly DomainEvent[], response: PutEventsResponse): FailedEntry[] {
  const results = response.Entries ?? [];
  return sent.flatMap((event, i) => {
    const result = results[i];
    if (result && !result.ErrorCode) return [];
    return [
      {
        detailType: event.detailType,
        eventId: String(event.detail.eventId),
        errorCode: result?.ErrorCode ?? 'Unknown',
        errorMessage: result?.ErrorMessage ?? 'no result entry for this event',
      },
    ];
  });
}
