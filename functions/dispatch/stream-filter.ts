/**
 * THE declaration of which table changes reach the dispatcher. The CDK event source mapping turns it into Lambda
 * filter criteria (so other item changes never invoke the function) and the local stream poller applies the same
 * predicate, so both runtimes dispatch exactly the same records.
 *
 * - every new audit event (each committed change of a record appends exactly one);
 * - a dead letter an admin asked to redrive (its `state` becomes `redrive`).
 */
export interface DispatchedChange {
  readonly eventName: 'INSERT' | 'MODIFY';
  /** ElectroDB's entity marker (`__edb_e__`) on the new image. */
  readonly entity: string;
  /** A string attribute of the new image that must have this value. */
  readonly where?: { readonly attribute: string; readonly equals: string };
}

export const entityMarker = '__edb_e__';

/**
 * How the stream is read, the same on both runtimes: the CDK event source mapping and the local poller take these.
 * The dispatcher buries a consumer after its 5th failure, so a batch gets more attempts than that (1 + retries).
 */
export const dispatchReading = {
  batchSize: 25,
  maxBatchingWindowSeconds: 1,
  retryAttempts: 10,
  maxRecordAgeDays: 1,
} as const;

export const dispatchedChanges: readonly DispatchedChange[] = [
  { eventName: 'INSERT', entity: 'auditEvent' },
  { eventName: 'MODIFY', entity: 'deadLetter', where: { attribute: 'state', equals: 'redrive' } },
];

type Image = Readonly<Record<string, { readonly S?: string } | undefined>>;

/** The same test Lambda's filter criteria make, on one stream record (`eventName` + `dynamodb.NewImage`). */
export function isDispatched(record: { eventName?: string; dynamodb?: { NewImage?: unknown } }): boolean {
  const image = (record.dynamodb?.NewImage ?? {}) as Image;
  return dispatchedChanges.some(
    (c) =>
      c.eventName === record.eventName &&
      image[entityMarker]?.S === c.entity &&
      (!c.where || image[c.where.attribute]?.S === c.where.equals),
  );
}

/** Lambda event source mapping filter patterns (one per declared change; any may match). */
export function lambdaFilterPatterns(): Record<string, unknown>[] {
  return dispatchedChanges.map((c) => ({
    eventName: [c.eventName],
    dynamodb: {
      NewImage: {
        [entityMarker]: { S: [c.entity] },
        ...(c.where ? { [c.where.attribute]: { S: [c.where.equals] } } : {}),
      },
    },
  }));
}
