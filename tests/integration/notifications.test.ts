import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { addComment } from '../../functions/domain/incidents/comments';
import { createIncident } from '../../functions/domain/incidents/create-incident';
import { addWatcher } from '../../functions/domain/incidents/watchers';
import type { SentMailRecord } from '../../functions/domain/notifications/ports';
import {
  addSuppression,
  getSuppression,
  listSuppressions,
  removeSuppression,
  type SuppressionDeps,
} from '../../functions/domain/notifications/suppressions';
import type { Actor } from '../../functions/domain/shared/actor';
import { systemClock } from '../../functions/domain/shared/clock';
import {
  ForbiddenError,
  InvalidCursorError,
  NotFoundError,
  ValidationError,
} from '../../functions/domain/shared/errors';
import { auditEventEntity } from '../../functions/store/entities/audit-event.entity';
import { notificationReader } from '../../functions/store/notification-reader';
import { normalMessageId, sentMailRepository } from '../../functions/store/sent-mail-repository';
import { suppressionRepository } from '../../functions/store/suppression-repository';
import { alice, bob, carol, erin, frank } from '../support/actors';
import { incidentDeps } from '../support/deps';
import { seedGroup } from '../support/desk';
import { seedPeople } from '../support/people';
import { useFreshTable } from '../support/table';

const deps = (who: Actor): SuppressionDeps => ({
  actor: who,
  suppressions: suppressionRepository,
  clock: systemClock,
  ids: { next: () => ulid() },
});

/** A fresh address per call, so tests sharing the table never collide. */
const address = (name: string) => `${name}.${ulid().slice(-8).toLowerCase()}@example.com`;

async function auditTrail(recordId: string) {
  const { data } = await auditEventEntity().query.primary({ recordId }).go();
  return data;
}

beforeAll(async () => {
  await useFreshTable('notifications');
  await seedPeople();
});

describe('suppression list', () => {
  it('adds an address lower-cased, with its reason, and audits it', async () => {
    const mixed = address('Bounce').replace('bounce', 'BoUnce');
    const { value, created } = await addSuppression({ address: `  ${mixed} `, reason: 'Hard bounce' }, deps(erin));

    expect(created).toBe(true);
    expect(value).toMatchObject({ address: mixed.toLowerCase(), reason: 'Hard bounce', addedBy: { id: erin.id } });
    expect(await getSuppression(mixed, deps(erin))).toEqual(value);
    const trail = await auditTrail(`suppression:${mixed.toLowerCase()}`);
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      action: 'created',
      actorId: erin.id,
      changes: [{ field: 'suppression', before: null, after: { address: mixed.toLowerCase(), reason: 'Hard bounce' } }],
    });
  });

  it('adding an address already listed changes nothing', async () => {
    const addr = address('twice');
    const first = await addSuppression({ address: addr, reason: 'Complaint' }, deps(erin));
    const again = await addSuppression({ address: addr.toUpperCase(), reason: 'Other reason' }, deps(erin));

    expect(again).toEqual({ value: first.value, created: false, replayed: false });
    expect(await auditTrail(`suppression:${addr}`)).toHaveLength(1);
  });

  it('answers a retried add with its Idempotency-Key as the first time, also after the address was removed', async () => {
    const addr = address('retried');
    const claim = { scope: erin.id, key: `key-${ulid()}`, requestHash: 'hash-of-the-request' };
    const first = await addSuppression({ address: addr, reason: 'Bounce' }, deps(erin), claim);
    await removeSuppression(addr, deps(erin));

    const retried = await addSuppression({ address: addr, reason: 'Bounce' }, deps(erin), claim);

    expect(first).toMatchObject({ created: true, replayed: false });
    expect(retried).toEqual({ value: first.value, created: true, replayed: true });
    // The retry wrote nothing: the address stays removed
    await expect(getSuppression(addr, deps(erin))).rejects.toBeInstanceOf(NotFoundError);
    const other = addSuppression({ address: address('other'), reason: 'Bounce' }, deps(erin), {
      ...claim,
      requestHash: 'another request',
    });
    await expect(other).rejects.toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('concurrent adds of one address make one entry and one audit event', async () => {
    const addr = address('race');
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => addSuppression({ address: addr, reason: `Reason ${i}` }, deps(erin))),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.value.reason)).size).toBe(1);
    expect(await auditTrail(`suppression:${addr}`)).toHaveLength(1);
  });

  it('tells which of many addresses are suppressed, whatever their case', async () => {
    const listed = [address('a'), address('b'), address('c')];
    for (const addr of listed) await addSuppression({ address: addr, reason: 'Bounce' }, deps(erin));
    const others = Array.from({ length: 150 }, (_, i) => address(`other${i}`));
    const asked = [...others.slice(0, 70), listed[0].toUpperCase(), ...others.slice(70), listed[1], listed[2]];

    const suppressed = await suppressionRepository.suppressed(asked);
    expect([...suppressed].sort()).toEqual([...listed].sort());
    expect(await suppressionRepository.suppressed([])).toEqual(new Set());
  });

  it('removes an address and audits it; removing it again is a 404', async () => {
    const addr = address('remove');
    await addSuppression({ address: addr, reason: 'Mistake' }, deps(erin));
    await removeSuppression(addr.toUpperCase(), deps(erin));

    expect(await suppressionRepository.suppressed([addr])).toEqual(new Set());
    await expect(getSuppression(addr, deps(erin))).rejects.toBeInstanceOf(NotFoundError);
    await expect(removeSuppression(addr, deps(erin))).rejects.toBeInstanceOf(NotFoundError);
    const trail = await auditTrail(`suppression:${addr}`);
    expect(trail.map((e) => e.action).sort()).toEqual(['created', 'deleted']);
    expect(trail.find((e) => e.action === 'deleted')?.changes).toEqual([
      { field: 'suppression', before: { address: addr, reason: 'Mistake' }, after: null },
    ]);
  });

  it('lists in address order, one page at a time', async () => {
    const all: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listSuppressions({ limit: 2, ...(cursor ? { cursor } : {}) }, deps(erin));
      expect(page.items.length).toBeLessThanOrEqual(2);
      all.push(...page.items.map((s) => s.address));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThan(1);
    expect(all).toEqual([...all].sort());
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThanOrEqual(6);
  });

  it('refuses a cursor it did not hand out', async () => {
    await expect(listSuppressions({ limit: 2, cursor: 'bm9wZQ' }, deps(erin))).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });

  it('is for admins only', async () => {
    for (const who of [alice, bob]) {
      await expect(addSuppression({ address: address('x'), reason: 'r' }, deps(who))).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      await expect(listSuppressions({}, deps(who))).rejects.toBeInstanceOf(ForbiddenError);
      await expect(removeSuppression(address('x'), deps(who))).rejects.toBeInstanceOf(ForbiddenError);
    }
  });

  it.each([
    [{ address: 'not-an-address', reason: 'r' }, 'address'],
    [{ address: `${'a'.repeat(250)}@example.com`, reason: 'r' }, 'address'],
    [{ address: 'ok@example.com' }, 'reason'],
    [{ address: 'ok@example.com', reason: '   ' }, 'reason'],
    [{ address: 'ok@example.com', reason: 'r', extra: 1 }, 'extra'],
  ])('names the bad field of %j', async (input, field) => {
    const added = addSuppression(input, deps(erin));
    await expect(added).rejects.toBeInstanceOf(ValidationError);
    await expect(added).rejects.toMatchObject({ errors: [expect.objectContaining({ path: field })] });
  });

  it('answers 404 for something that is not an address', async () => {
    await expect(getSuppression('nope', deps(erin))).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('sent-mail log', () => {
  const sent = (recordId: string, n: number): SentMailRecord => ({
    messageIds: [`<${ulid()}@mail.nimbus.example>`, `<0100-${ulid()}@email.amazonses.com>`],
    recordType: 'incident',
    recordId,
    number: 'INC0001001',
    kind: 'comment',
    recipientId: `u-${n}`,
    sourceEventId: `EV${n}`,
    sentAt: `2026-02-03T04:05:0${n}.000Z`,
  });

  it('finds the record a mail was about by either of its Message-IDs', async () => {
    const mail = sent(ulid(), 1);
    await sentMailRepository.record(mail);

    const [ours, delivered] = mail.messageIds;
    expect(await sentMailRepository.byMessageId(ours)).toEqual(mail);
    expect(await sentMailRepository.byMessageId(delivered)).toEqual(mail);
    expect(await sentMailRepository.byMessageId(` ${delivered.slice(1, -1)} `)).toEqual(mail);
    expect(await sentMailRepository.byMessageId('<unknown@example.com>')).toBeUndefined();
  });

  it('lists the mail of one record once per mail, oldest first, even when a mail is logged twice', async () => {
    const recordId = ulid();
    const mails = [sent(recordId, 3), sent(recordId, 1), sent(recordId, 2)];
    for (const mail of mails) await sentMailRepository.record(mail);
    await sentMailRepository.record(mails[0]);
    await sentMailRepository.record(sent(ulid(), 4)); // another record

    const first = await sentMailRepository.listByRecord(recordId, { limit: 2 });
    expect(first.items.map((m) => m.sourceEventId)).toEqual(['EV1', 'EV2']);
    const second = await sentMailRepository.listByRecord(recordId, { limit: 2, cursor: first.nextCursor ?? '' });
    expect(second.items.map((m) => m.sourceEventId)).toEqual(['EV3']);
    expect(second.nextCursor).toBeNull();
  });

  it('logs a mail with only our Message-ID (the local outbox)', async () => {
    const id = `<${ulid()}@mail.nimbus.example>`;
    const mail = { ...sent(ulid(), 5), messageIds: [id, id] };
    await sentMailRepository.record(mail);
    expect(await sentMailRepository.byMessageId(id)).toEqual({ ...mail, messageIds: [id] });
    expect(normalMessageId(id)).toBe(id);
  });
});

describe('notification reader', () => {
  it('reads what the incident use cases wrote: watchers, the comment, the group members', async () => {
    const incident = (
      await createIncident({ title: 'Wi-Fi down', description: 'Floor 2', impact: 2, urgency: 2 }, incidentDeps(alice))
    ).value;
    await addWatcher(incident.id, { userId: frank.id, username: frank.username }, incidentDeps(bob));
    await addWatcher(incident.id, {}, incidentDeps(carol));
    const note = (await addComment(incident.id, { body: 'Checked the AP', visibility: 'internal' }, incidentDeps(bob)))
      .value;
    const group = `net-${ulid().slice(-6).toLowerCase()}`;
    await seedGroup(group, [bob, carol]);

    expect([...(await notificationReader.watchers(incident.id))].sort()).toEqual([carol.id, frank.id].sort());
    expect(await notificationReader.comment(incident.id, note.id)).toEqual({
      id: note.id,
      body: 'Checked the AP',
      visibility: 'internal',
      authorId: bob.id,
    });
    expect(await notificationReader.comment(incident.id, ulid())).toBeUndefined();
    expect(await notificationReader.groupMembers(group)).toEqual(new Set([bob.id, carol.id]));
    expect(await notificationReader.groupMembers('no-such-group')).toEqual(new Set());
    expect(await notificationReader.watchers(ulid())).toEqual([]);
  });
});
