import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Consumer } from '../../functions/dispatch/consumer';
import { dispatcher } from '../../functions/dispatch/dispatcher';
import { redriveDeadLetter } from '../../functions/domain/operations/dead-letters';
import type { AuditEvent } from '../../functions/domain/shared/audit';
import { fixedClock } from '../../functions/domain/shared/clock';
import { auditEventToItem } from '../../functions/store/audit-events';
import { readAuditEvent } from '../../functions/store/audit-reader';
import { deadLetterId, deadLetterRepository, failureTracker } from '../../functions/store/dead-letter-repository';
import { DeliveryInProgressError, deliveryLedger, leaseMillis } from '../../functions/store/delivery-ledger';
import { auditEventEntity } from '../../functions/store/entities/audit-event.entity';
import { deadLetterEntity } from '../../functions/store/entities/dead-letter.entity';
import { erin } from '../support/actors';
import { useFreshTable } from '../support/table';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const clock = fixedClock('2026-12-06T10:00:00Z');

let sequence = 0;
function auditEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: ulid(),
    recordType: 'incident',
    recordId: ulid(),
    action: 'created',
    actor: { id: 'u-1', username: 'alice' },
    at: '2026-12-06T10:00:00.000Z',
    changes: [{ field: 'status', before: null, after: 'new' }],
    subject: { number: 'INC0001001', status: 'new' },
    ...overrides,
  };
}

/** The stream record DynamoDB writes when the audit event's item is inserted (the store's own item). */
function insertRecord(event: AuditEvent): DynamoDBRecord {
  const { Item } = auditEventEntity().create(auditEventToItem(event)).params<{ Item: Record<string, unknown> }>();
  sequence += 1;
  return {
    eventName: 'INSERT',
    dynamodb: { NewImage: marshall(Item, { removeUndefinedValues: true }) as never, SequenceNumber: String(sequence) },
  };
}

/** A promise someone else resolves. */
function signal() {
  let fire: () => void = () => undefined;
  const fired = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { fired, fire: () => fire() };
}

const batch = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

/** A consumer that counts its effects through `once`, and fails while `failuresLeft` > 0. */
function countingConsumer(name: string, failuresLeft = 0) {
  const effects: string[] = [];
  let calls = 0;
  const consumer: Consumer = {
    name,
    wants: (e) => e.recordType === 'incident',
    async handle(event, { once }) {
      calls += 1;
      await once(`${name}:${event.id}`, async () => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error(`${name} is down`);
        }
        effects.push(event.id);
      });
    },
  };
  return { consumer, effects, calls: () => calls, breakForever: () => (failuresLeft = Number.POSITIVE_INFINITY) };
}

async function storedAuditEvent(event: AuditEvent) {
  await auditEventEntity().create(auditEventToItem(event)).go();
}

function build(consumers: Consumer[], maxAttempts = 3) {
  return dispatcher({
    consumers,
    once: deliveryLedger(),
    failures: failureTracker,
    auditEvent: readAuditEvent,
    clock,
    logger: silent,
    maxAttempts,
    inProgressPauseMillis: 0,
  });
}

describe('the after-commit dispatcher', () => {
  beforeAll(async () => {
    await useFreshTable('dispatch');
  });

  it('does each consequence once when every record is delivered twice', async () => {
    const mail = countingConsumer('mail');
    const events = countingConsumer('events');
    const dispatch = build([mail.consumer, events.consumer]);
    const changes = [auditEvent(), auditEvent(), auditEvent()];
    const records = changes.map(insertRecord);

    expect(await dispatch(batch(...records))).toEqual({ batchItemFailures: [] });
    expect(await dispatch(batch(...records))).toEqual({ batchItemFailures: [] });

    expect(mail.effects).toEqual(changes.map((c) => c.id));
    expect(events.effects).toEqual(changes.map((c) => c.id));
    expect(mail.calls()).toBe(6); // handled twice, effect once
  });

  it('skips records that are not audit events and consumers that do not want the event', async () => {
    const mail = countingConsumer('mail');
    const dispatch = build([mail.consumer]);
    const group = auditEvent({ recordType: 'group', recordId: 'group:network' });
    const other: DynamoDBRecord = {
      eventName: 'MODIFY',
      dynamodb: { NewImage: marshall({ __edb_e__: 'incident', id: 'x' }) as never, SequenceNumber: '9' },
    };
    expect(await dispatch(batch(other, insertRecord(group)))).toEqual({ batchItemFailures: [] });
    expect(mail.calls()).toBe(0);
  });

  it('retries a failing consumer from its record, without redoing what the others did, until it succeeds', async () => {
    const flaky = countingConsumer('flaky', 1);
    const steady = countingConsumer('steady');
    const dispatch = build([flaky.consumer, steady.consumer]);
    const first = auditEvent();
    const second = auditEvent();
    const records = [insertRecord(first), insertRecord(second)];

    const reply = await dispatch(batch(...records));
    // The first record is retried (and the second, after it, not yet handled).
    expect(reply.batchItemFailures).toEqual([{ itemIdentifier: records[0].dynamodb?.SequenceNumber }]);
    expect(steady.effects).toEqual([first.id]);
    expect(flaky.effects).toEqual([]);

    expect(await dispatch(batch(...records))).toEqual({ batchItemFailures: [] });
    expect(flaky.effects).toEqual([first.id, second.id]);
    expect(steady.effects).toEqual([first.id, second.id]);
    const counted = await deadLetterRepository.get(deadLetterId('flaky', first.id));
    expect(counted).toMatchObject({ state: 'retrying', attempts: 1, lastError: 'Error: flaky is down' });
  });

  it('turns a consumer that fails on every attempt into a dead letter and moves on', async () => {
    const broken = countingConsumer('broken');
    broken.breakForever();
    const steady = countingConsumer('steady');
    const dispatch = build([broken.consumer, steady.consumer], 3);
    const doomed = auditEvent();
    const next = auditEvent();
    const records = [insertRecord(doomed), insertRecord(next)];

    const replies = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const reply = await dispatch(batch(...records));
      replies.push(reply.batchItemFailures.length);
      if (reply.batchItemFailures.length === 0) break;
    }
    // Each record is tried three times; the third failure buries it and the batch goes on to the next record.
    expect(replies).toEqual([1, 1, 1, 1, 0]);
    expect(steady.effects).toEqual([doomed.id, next.id]);
    expect((await deadLetterRepository.get(deadLetterId('broken', next.id)))?.state).toBe('dead');

    const letter = await deadLetterRepository.get(deadLetterId('broken', doomed.id));
    expect(letter).toMatchObject({ state: 'dead', attempts: 3, consumer: 'broken', recordId: doomed.recordId });
    const listed = await deadLetterRepository.list('dead', { limit: 25 });
    expect(listed.items.map((l) => l.id)).toContain(deadLetterId('broken', doomed.id));
  });

  it('redrives a dead letter after an admin asks for it, through the stream', async () => {
    const broken = countingConsumer('repairable');
    broken.breakForever();
    const dispatch = build([broken.consumer], 1);
    const doomed = auditEvent();
    await storedAuditEvent(doomed);
    await dispatch(batch(insertRecord(doomed)));
    const id = deadLetterId('repairable', doomed.id);
    expect((await deadLetterRepository.get(id))?.state).toBe('dead');

    const requested = await redriveDeadLetter(id, { actor: erin, clock, deadLetters: deadLetterRepository });
    expect(requested.value).toMatchObject({ state: 'redrive', redriveRequestedBy: erin.id });
    await expect(
      redriveDeadLetter(id, { actor: erin, clock, deadLetters: deadLetterRepository }),
    ).rejects.toMatchObject({ status: 409, code: 'NOT_DEAD' });

    // The consumer is repaired; the state change reaches the dispatcher as a MODIFY of the dead letter.
    const repaired = countingConsumer('repairable');
    const { data } = await deadLetterEntity().get({ id }).go({ consistent: true });
    const modify: DynamoDBRecord = {
      eventName: 'MODIFY',
      dynamodb: { NewImage: marshall({ ...data, __edb_e__: 'deadLetter' }) as never, SequenceNumber: '99' },
    };
    expect(await build([repaired.consumer])(batch(modify))).toEqual({ batchItemFailures: [] });
    expect(repaired.effects).toEqual([doomed.id]);
    expect(await deadLetterRepository.get(id)).toMatchObject({ state: 'redriven' });
  });
});

describe('the delivery ledger', () => {
  beforeAll(async () => {
    await useFreshTable('ledger');
  });

  it('releases the claim when the effect fails, so the next attempt does it', async () => {
    const once = deliveryLedger();
    const key = `k-${ulid()}`;
    await expect(once(key, async () => Promise.reject(new Error('SES throttled')))).rejects.toThrow('SES throttled');
    let sent = 0;
    const count = async () => {
      sent += 1;
    };
    expect(await once(key, count)).toBe('done');
    expect(await once(key, count)).toBe('skipped');
    expect(sent).toBe(1);
  });

  it('lets one of two concurrent attempts do the effect and tells the other to come back', async () => {
    const once = deliveryLedger();
    const key = `k-${ulid()}`;
    let sent = 0;
    const holding = signal();
    const release = signal();
    const slow = once(key, async () => {
      holding.fire();
      await release.fired;
      sent += 1;
    });
    await holding.fired; // the first attempt holds the claim now
    const second = await once(key, async () => {
      sent += 100;
    }).catch((e) => e);
    expect(second).toBeInstanceOf(DeliveryInProgressError);
    release.fire();
    expect(await slow).toBe('done');
    expect(sent).toBe(1);
  });

  it('takes over a claim whose holder died before finishing, once its lease ran out', async () => {
    let now = Date.parse('2026-12-06T10:00:00Z');
    const once = deliveryLedger({ now: () => now });
    const key = `k-${ulid()}`;
    // The holder claims and never returns (a Lambda that timed out mid-send).
    const holding = signal();
    void once(key, async () => {
      holding.fire();
      await new Promise(() => undefined);
    });
    await holding.fired;
    const blocked = await once(key, async () => undefined).catch((e) => e);
    expect(blocked).toBeInstanceOf(DeliveryInProgressError);
    now += leaseMillis + 1;
    let sent = 0;
    const count = async () => {
      sent += 1;
    };
    expect(await once(key, count)).toBe('done');
    expect(await once(key, count)).toBe('skipped');
    expect(sent).toBe(1);
  });
});
