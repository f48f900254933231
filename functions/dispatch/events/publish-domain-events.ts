import { domainEventsOf } from '../../domain/events/domain-events';
import type { EventPublisher } from '../../domain/events/ports';
import type { Consumer } from '../consumer';

/**
 * Publishes the domain events of every audit event. Each event is published inside `once`, keyed by its
 * deterministic `eventId`: a redelivered audit event publishes nothing again, and when one of its events fails, the
 * retry publishes that one (and those after it) without repeating the ones already out.
 */
export function publishDomainEvents(publisher: EventPublisher): Consumer {
  return {
    name: 'domain-events',
    wants: () => true,
    async handle(event, { once }) {
      // One after another: a record's events reach the bus in the order of its changes.
      for (const domainEvent of domainEventsOf(event)) {
        await once(`event:${String(domainEvent.detail.eventId)}`, () => publisher.publish([domainEvent]));
      }
    },
  };
}
