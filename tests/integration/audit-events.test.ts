import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { getHistory } from '../../functions/domain/incidents/comments';
import { createIncident } from '../../functions/domain/incidents/create-incident';
import { addLink } from '../../functions/domain/incidents/links';
import { postMajorUpdate } from '../../functions/domain/incidents/major-incidents';
import { updateIncident } from '../../functions/domain/incidents/update-incident';
import { systemActor } from '../../functions/domain/shared/actor';
import { auditEventFromImage } from '../../functions/store/audit-events';
import { nimbus } from '../../functions/store/service';
import { alice, bob } from '../support/actors';
import { incidentDeps as deps, incidentInput as input } from '../support/deps';
import { seedGroup } from '../support/desk';
import { useFreshTable } from '../support/table';

beforeAll(async () => {
  await useFreshTable('audit');
  await seedGroup('service-desk', [bob]);
});

describe('audit events on DynamoDB Local', () => {
  it('shows an automatic change in the history as Nimbus, with its reason', async () => {
    const { value: inc } = await createIncident(input(), deps(alice));
    const escalated = await updateIncident(inc.id, 1, { urgency: 1 }, deps(systemActor('SLA')));
    expect(escalated.priority).toBe('P2');

    const history = await getHistory(inc.id, {}, deps(bob));
    expect(history.items.map((e) => [e.action, e.actor])).toEqual([
      ['created', { id: alice.id, username: alice.username }],
      ['updated', { id: 'system', username: 'nimbus', system: { reason: 'SLA' } }],
    ]);
  });

  it('carries the record type and the incident as it stands after each change', async () => {
    const { value: inc } = await createIncident(input(), deps(alice));
    await updateIncident(inc.id, 1, { assignmentGroup: 'service-desk', assignee: bob.id }, deps(bob));
    const [created, assigned] = (await getHistory(inc.id, {}, deps(bob))).items;
    const subject = {
      number: inc.number,
      title: inc.title,
      status: 'new',
      priority: 'P3',
      assignmentGroup: null,
      assignee: null,
      requesterId: alice.id,
      requesterName: alice.username,
      major: false,
      parentId: null,
    };
    expect(created).toMatchObject({ recordType: 'incident', subject });
    expect(assigned).toMatchObject({
      recordType: 'incident',
      subject: { ...subject, assignmentGroup: 'service-desk', assignee: bob.id },
    });
  });

  it('marks the comment a major-incident update posts on each child, and the child’s new parent', async () => {
    const { value: major } = await createIncident(input({ title: 'Mail down' }), deps(bob));
    await updateIncident(major.id, 1, { major: true }, deps(bob));
    const { value: child } = await createIncident(input(), deps(alice));
    await addLink(major.id, { type: 'child', target: child.id }, deps(bob));
    await postMajorUpdate(major.id, { body: 'Failover in progress' }, deps(bob));

    const events = (await getHistory(child.id, {}, deps(bob))).items;
    expect(events.find((e) => e.action === 'linked')?.subject).toMatchObject({ parentId: major.id });
    const comment = events.find((e) => e.action === 'commented');
    expect(comment).toMatchObject({ visibility: 'public', subject: { number: child.number, parentId: major.id } });
    expect(comment?.changes).toEqual([
      { field: 'comment', before: null, after: expect.any(String) },
      { field: 'majorUpdate', before: null, after: { id: major.id, number: major.number } },
    ]);
    const own = (await getHistory(major.id, {}, deps(bob))).items.find((e) => e.action === 'commented');
    expect(own?.changes.map((c) => c.field)).toEqual(['comment']);
  });

  it('reads events written before they had a record type, deriving it from the record id', async () => {
    const { auditEvent } = nimbus().entities;
    const at = new Date().toISOString();
    const base = { actorId: bob.id, actorName: bob.username, at, audience: 'internal' as const, changes: [] };
    await auditEvent.create({ ...base, id: ulid(), recordId: 'group:legacy', action: 'created' }).go();
    const stored = await auditEvent.query.primary({ recordId: 'group:legacy' }).go({ data: 'raw' });
    const raw = (stored.data as unknown as { Items: Record<string, unknown>[] }).Items[0];
    expect(auditEventFromImage(raw)).toMatchObject({ recordType: 'group', recordId: 'group:legacy' });
  });
});
