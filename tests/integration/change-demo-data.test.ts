import { beforeAll, describe, expect, it } from 'vitest';
import { caller } from '../../functions/compose/caller';
import { changeDeps } from '../../functions/compose/changes';
import { getChangeHistory, listChanges } from '../../functions/domain/changes/read-changes';
import { listRiskQuestions } from '../../functions/domain/changes/risk-questions';
import { listTemplates } from '../../functions/domain/changes/templates';
import { seedDemoData } from '../../infra/local/demo-data';
import { findUser } from '../../infra/local/users';
import { actor, alice } from '../support/actors';
import { seedPeople } from '../support/people';
import { useFreshTable } from '../support/table';

beforeAll(async () => {
  await useFreshTable('change-demo');
  await seedPeople();
  await seedDemoData();
}, 60_000);

describe('the demo desk’s change practice', () => {
  it('has CAB members dave, grace and heidi, and two ECAB members', () => {
    expect(findUser('grace')?.groups).toEqual(['cab', 'agents']);
    expect(findUser('heidi')?.groups).toEqual(['cab', 'change-managers']);
  });

  it('seeds risk questions, two standard templates and changes in draft, assess, scheduled and closed', async () => {
    const deps = changeDeps(caller(actor('heidi')));
    expect((await listRiskQuestions({}, deps)).items.length).toBeGreaterThanOrEqual(3);
    expect((await listTemplates({}, deps)).items).toHaveLength(2);
    const { items } = await listChanges({ limit: '100' }, deps);
    expect(items.map((c) => c.status).sort()).toEqual(['assess', 'closed', 'draft', 'scheduled']);
    const closed = items.find((c) => c.status === 'closed');
    expect(closed).toMatchObject({ review: { outcome: 'successful' }, implementation: { outcome: 'implemented' } });
    const trail = await getChangeHistory(closed?.id ?? '', { limit: '100' }, deps);
    expect(trail.items.map((e) => e.actor.system?.reason).filter(Boolean)).toEqual([
      'workflow change-approval',
      'post-implementation review',
    ]);
    expect(items.find((c) => c.status === 'scheduled')).toMatchObject({ type: 'standard' });
    const mine = await listChanges({}, changeDeps(caller(alice)));
    expect(mine.items.every((c) => c.requester.id === alice.id)).toBe(true);
  });
});
