/**
 * Domain events: one or more per audit event, published to the customer's EventBridge bus (`source: "nimbus"`), or
 * appended to `.data/events.ndjson` on the local stack. The detail carries ids, numbers, status, priority, group,
 * actor and a schema version — never descriptions or comment bodies.
 */
export const eventSource = 'nimbus';

export interface DomainEvent {
  /** `Incident Created`, `Incident Status Changed`, … (one JSON Schema per detail-type). */
  readonly detailType: string;
  /** When the change happened (the audit event's `at`). */
  readonly time: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface EventPublisher {
  /** Publishes every event or throws (a partial failure is a failure). */
  publish(events: readonly DomainEvent[]): Promise<void>;
}
