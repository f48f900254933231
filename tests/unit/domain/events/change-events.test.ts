import { describe, expect, it } from 'vitest';
import { domainEventsOf } from '../../../../functions/domain/events/domain-events';
import type { AuditEvent } from '../../../../functions/domain/shared/audit';
import { schemaErrors } from '../../support/event-schemas';

const subject = {
  number: 'CHG0001001',
  title: 'Upgrade the mail gateway',
  type: 'normal',
  status: 'authorize',
  riskLevel: 'medium',
  requesterId: 'alice-id',
  implementerId: null,
  changeManagerId: null,
  plannedStart: '2026-03-07T20:00:00.000Z',
  plannedEnd: '2026-03-07T22:00:00.000Z',
  approvalRound: 1,
};

const event = (action: string, changes: AuditEvent['changes']): AuditEvent => ({
  id: '01JNC5F2B8D4G6J8L0N2Q4S6U8',
  recordType: 'change',
  recordId: '01JNC2A7M4Q8T1W5Z9C3F6H0KB',
  action,
  actor: { id: 'dave-id', username: 'dave' },
  at: '2026-03-03T14:40:00.000Z',
  changes,
  subject,
});

describe('change domain events', () => {
  it('announces a new change as Change Created, without its title', () => {
    const [created] = domainEventsOf(event('created', [{ field: 'title', before: null, after: 'x' }]));
    expect(created.detailType).toBe('Change Created');
    expect(created.detail).toMatchObject({ number: 'CHG0001001', requesterId: 'alice-id', type: 'normal' });
    expect(JSON.stringify(created.detail)).not.toContain('Upgrade');
    expect(schemaErrors(created)).toEqual([]);
  });

  it('announces a move (and a new round in authorize) as Change Status Changed', () => {
    const [moved] = domainEventsOf(
      event('updated', [
        { field: 'status', before: 'assess', after: 'authorize' },
        { field: 'approval', before: null, after: { round: 1 } },
      ]),
    );
    expect(moved).toMatchObject({
      detailType: 'Change Status Changed',
      detail: { change: { from: 'assess', to: 'authorize' }, approvalRound: 1, riskLevel: 'medium' },
    });
    expect(schemaErrors(moved)).toEqual([]);
    const [reRound] = domainEventsOf(event('updated', [{ field: 'status', before: 'authorize', after: 'authorize' }]));
    expect(reRound.detail).toMatchObject({ change: { from: 'authorize', to: 'authorize' } });
  });

  it('announces other edits and actions as Record Changed with field names only', () => {
    const [edited] = domainEventsOf(event('updated', [{ field: 'title', before: 'a', after: 'b' }]));
    expect(edited).toMatchObject({ detailType: 'Record Changed', detail: { action: 'updated', fields: ['title'] } });
    const [voted] = domainEventsOf(event('voted', []));
    expect(voted.detailType).toBe('Record Changed');
    expect(schemaErrors(edited)).toEqual([]);
  });
});
