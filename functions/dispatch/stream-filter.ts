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
