import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { slaRules } from '../../functions/compose/sla';
import { clockConsumer } from '../../functions/dispatch/sla/clock-consumer';
import { createIncident } from '../../functions/domain/incidents/create-incident';
import type { Incident } from '../../functions/domain/incidents/incident';
import { getQueue } from '../../functions/domain/incidents/queues';
import { updateIncident } from '../../functions/domain/incidents/update-incident';
import { InvalidCursorError, ValidationError } from '../../functions/domain/shared/errors';
import { incidentEventsAfter, incidentSlaStore } from '../../functions/store/incident-sla-repository';
import { bob, erin } from '../support/actors';
import { incidentDeps as deps, incidentInput as input } from '../support/deps';
import { seedGroup } from '../support/desk';
import { seedPeople } from '../support/people';
import { useFreshTable } from '../support/table';

/** The real SLA consumer over the real store, as the dispatcher runs it after each commit. */
const consumer = clockConsumer({
  store: incidentSlaStore,
  eventsAfter: incidentEventsAfter,
  rules: slaRules(),
  now: () => new Date(),
});

/** Delivers the incident's latest event to the consumer, as the dispatcher would after the commit. */
async function dispatch(incidentId: string): Promise<void> {
  const events = (await incidentEventsAfter(incidentId, '')).filter((e) => !e.action.startsWith('sla_'));
  const last = events.at(-1);
  if (!last) throw new Error(`No events for ${incidentId}`);
  // The clock consumer has no external effect, so it never calls `once`.
  await consumer.handle(last, {
    once: async () => {
      throw new Error('unexpected once');
    },
  });
}

const ids = (queue: { items: readonly { id: string }[] }) => queue.items.map((i) => i.id);

let group: string;
let other: string;

beforeAll(async () => {
  await useFreshTable('queue-due');
  await seedPeople();
  group = `q-${ulid().toLowerCase()}`;
  other = `q-${ulid().toLowerCase()}`;
  await seedGroup(group, [bob]);
  await seedGroup(other, [bob]);
});

async function make(impact: number, urgency: number, into = group): Promise<Incident> {
  const { value } = await createIncident(input({ impact, urgency, assignmentGroup: into }), deps(bob));
  await dispatch(value.id);
  return value;
}

describe('the queue sorted by next SLA due time, on DynamoDB Local', () => {
  it('orders by due time, clock-less last; follows holds, moves, resolve/reopen and re-targets; pages', async () => {
    const p3 = await make(2, 2);
    const p1 = await make(1, 1);
    const p2 = await make(1, 2);
    expect([p1.priority, p2.priority, p3.priority]).toEqual(['P1', 'P2', 'P3']);

    const byDue = await getQueue(group, { sort: 'due' }, deps(bob));
    expect(ids(byDue)).toEqual([p1.id, p2.id, p3.id]);
    const dues = byDue.items.map((i) => i.slaDueAt);
    expect(dues.every((d) => typeof d === 'string')).toBe(true);
    expect([...dues].sort()).toEqual(dues);
    expect(byDue.counts.new).toBe(3);
    expect(byDue.group.id).toBe(group);

    // A hold for a pausing reason stops both clocks of the P1: no due time, it sorts after the others.
    const held = await updateIncident(p1.id, 1, { status: 'on_hold', holdReason: 'awaiting_caller' }, deps(bob));
    await dispatch(p1.id);
    const afterHold = await getQueue(group, { sort: 'due' }, deps(bob));
    expect(ids(afterHold)).toEqual([p2.id, p3.id, p1.id]);
    expect(afterHold.items.at(-1)?.slaDueAt).toBeNull();
    // The default sort is unchanged: P1 first, and no slaDueAt.
    const byPriority = await getQueue(group, {}, deps(bob));
    expect(ids(byPriority)).toEqual([p1.id, p2.id, p3.id]);
    expect(byPriority.items[0]).not.toHaveProperty('slaDueAt');

    // Pages of one, across the whole queue; a redelivered record changes nothing (no duplicate rows).
    const item = await incidentSlaStore.get(p1.id);
    await dispatch(p1.id);
    expect(await incidentSlaStore.get(p1.id)).toEqual(item);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await getQueue(group, { sort: 'due', limit: '1', ...(cursor ? { cursor } : {}) }, deps(bob));
      seen.push(...ids(page));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([p2.id, p3.id, p1.id]);

    // A cursor continues only the sort it came from.
    const duePage = await getQueue(group, { sort: 'due', limit: '1' }, deps(bob));
    const priorityPage = await getQueue(group, { limit: '1' }, deps(bob));
    await expect(
      getQueue(group, { limit: '1', cursor: duePage.nextCursor as string }, deps(bob)),
    ).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(
      getQueue(group, { sort: 'due', limit: '1', cursor: priorityPage.nextCursor as string }, deps(bob)),
    ).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(
      getQueue(other, { sort: 'due', limit: '1', cursor: duePage.nextCursor as string }, deps(bob)),
    ).rejects.toBeInstanceOf(InvalidCursorError);

    // Moving to another group moves the row.
    await updateIncident(p2.id, 1, { assignmentGroup: other }, deps(bob));
    await dispatch(p2.id);
    expect(ids(await getQueue(group, { sort: 'due' }, deps(bob)))).toEqual([p3.id, p1.id]);
    expect(ids(await getQueue(other, { sort: 'due' }, deps(bob)))).toEqual([p2.id]);

    // Resolved: it leaves — even before the consumer ran (the incidents are read strongly consistent).
    const resolved = await updateIncident(
      p3.id,
      1,
      { status: 'resolved', resolutionCode: 'solved_permanently', resolutionNotes: 'Fixed' },
      deps(bob),
    );
    expect(ids(await getQueue(group, { sort: 'due' }, deps(bob)))).toEqual([p1.id]);
    await dispatch(p3.id);
    expect(ids(await getQueue(group, { sort: 'due' }, deps(bob)))).toEqual([p1.id]);
    expect((await incidentSlaStore.get(p3.id))?.queue).toBeUndefined();

    // Reopened: it comes back with its resolution clock running again.
    const reopened = await updateIncident(p3.id, resolved.version, { status: 'in_progress' }, deps(bob));
    await dispatch(p3.id);
    const back = await getQueue(group, { sort: 'due' }, deps(bob));
    expect(ids(back)).toEqual([p3.id, p1.id]);
    const p3Due = back.items[0]?.slaDueAt as string;

    // Raised to P1: re-targeted on the 4 h 24×7 resolution, so its due time moves earlier.
    await updateIncident(p3.id, reopened.version, { impact: 1, urgency: 1 }, deps(bob));
    await dispatch(p3.id);
    const raised = await getQueue(group, { sort: 'due' }, deps(bob));
    expect(ids(raised)).toEqual([p3.id, p1.id]);
    expect((raised.items[0]?.slaDueAt as string) < p3Due).toBe(true);

    // Back from hold: the P1's clocks run again and it sorts by its due time once more.
    await updateIncident(p1.id, held.version, { status: 'in_progress' }, deps(bob));
    await dispatch(p1.id);
    const resumed = await getQueue(group, { sort: 'due' }, deps(erin));
    expect(resumed.items.every((i) => typeof i.slaDueAt === 'string')).toBe(true);
    expect(resumed.items.map((i) => i.slaDueAt)).toEqual(resumed.items.map((i) => i.slaDueAt).sort());
  });

  it('refuses an unknown sort naming the field', async () => {
    const error = await getQueue(group, { sort: 'age' }, deps(bob)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([expect.objectContaining({ path: 'sort' })]);
  });
});
