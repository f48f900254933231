import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type DeadLetterDeps,
  getDeadLetter,
  listDeadLetters,
  redriveDeadLetter,
} from '../../functions/domain/operations/dead-letters';
import type { Actor } from '../../functions/domain/shared/actor';
import type { AuditEvent } from '../../functions/domain/shared/audit';
import { fixedClock } from '../../functions/domain/shared/clock';
import { deadLetterId, deadLetterRepository, failureTracker } from '../../functions/store/dead-letter-repository';
import { bob, erin } from '../support/actors';
import { useFreshTable } from '../support/table';

const clock = fixedClock('2026-12-06T10:00:00Z');
const deps = (who: Actor): DeadLetterDeps => ({ actor: who, clock, deadLetters: deadLetterRepository });

function auditEvent(): AuditEvent {
  return {
    id: ulid(),
    recordType: 'incident',
    recordId: ulid(),
    action: 'created',
    actor: { id: 'u-1', username: 'alice' },
    at: '2026-12-06T09:00:00.000Z',
    changes: [],
  };
}

/** A consumer's failures on a new event, as the dispatcher records them: `buried` makes it a dead letter. */
async function failures(consumer: string, { buried }: { buried: boolean }): Promise<string> {
  const event = auditEvent();
  await failureTracker.failed(consumer, event, 'Error: mail server down', '2026-12-06T09:00:01.000Z');
  if (buried) await failureTracker.bury(consumer, event.id, '2026-12-06T09:00:02.000Z');
  return deadLetterId(consumer, event.id);
}

const claim = (key: string, requestHash = 'POST /dead-letters/x/redrive') => ({ scope: erin.id, key, requestHash });

beforeAll(async () => {
  await useFreshTable('dead-letters');
});

describe('dead letters, as an admin works them', () => {
  it('lists dead letters by state and reads one; a consumer still being retried is not a dead letter yet', async () => {
    const dead = await failures('notifications', { buried: true });
    const retrying = await failures('notifications', { buried: false });

    const listed = await listDeadLetters({}, deps(erin));

    expect(listed.items.map((l) => l.id)).toContain(dead);
    expect(listed.items.map((l) => l.id)).not.toContain(retrying);
    expect(await getDeadLetter(dead, deps(erin))).toMatchObject({ id: dead, state: 'dead', attempts: 1 });
    await expect(getDeadLetter(retrying, deps(erin))).rejects.toMatchObject({ status: 404 });
    await expect(redriveDeadLetter(retrying, deps(erin))).rejects.toMatchObject({ status: 404 });
    await expect(redriveDeadLetter('notifications:nothing', deps(erin))).rejects.toMatchObject({ status: 404 });
  });

  it('moves a dead letter to redrive once; asking again is 409 NOT_DEAD', async () => {
    const id = await failures('domain-events', { buried: true });

    const requested = await redriveDeadLetter(id, deps(erin));
    const again = redriveDeadLetter(id, deps(erin));

    expect(requested).toEqual({
      value: expect.objectContaining({ id, state: 'redrive', redriveRequestedBy: erin.id }),
      replayed: false,
    });
    await expect(again).rejects.toMatchObject({ status: 409, code: 'NOT_DEAD' });
    expect((await listDeadLetters({ state: 'redrive' }, deps(erin))).items.map((l) => l.id)).toContain(id);
    expect((await listDeadLetters({ state: 'dead' }, deps(erin))).items.map((l) => l.id)).not.toContain(id);
  });

  it('answers a retried redrive with its Idempotency-Key as the first time; the key with another request is 422', async () => {
    const id = await failures('notifications', { buried: true });
    const key = `retry-${ulid()}`;

    const first = await redriveDeadLetter(id, deps(erin), claim(key));
    const retried = await redriveDeadLetter(id, deps(erin), claim(key));

    expect(first.replayed).toBe(false);
    expect(retried).toEqual({ value: first.value, replayed: true });
    await expect(redriveDeadLetter(id, deps(erin), claim(key, 'another request'))).rejects.toMatchObject({
      status: 422,
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    await expect(redriveDeadLetter(id, deps(erin), claim(`other-${ulid()}`))).rejects.toMatchObject({
      status: 409,
      code: 'NOT_DEAD',
    });
  });

  it('lets concurrent redrive requests through exactly once', async () => {
    const id = await failures('notifications', { buried: true });

    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => redriveDeadLetter(id, deps(erin))));

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'NOT_DEAD' });
  });

  it('is for admins only', async () => {
    const id = await failures('notifications', { buried: true });
    await expect(listDeadLetters({}, deps(bob))).rejects.toMatchObject({ status: 403 });
    await expect(getDeadLetter(id, deps(bob))).rejects.toMatchObject({ status: 403 });
    await expect(redriveDeadLetter(id, deps(bob))).rejects.toMatchObject({ status: 403 });
    expect((await deadLetterRepository.get(id))?.state).toBe('dead');
  });
});
