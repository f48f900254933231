import { describe, expect, it } from 'vitest';
import { loadChangeTemplates } from '../../../../functions/dispatch/changes/change-mail';
import { render } from '../../../../functions/dispatch/notifications/templates';

const hostile = 'Swap <b>the</b> "relay" & <script>alert(1)</script>';
const view = {
  number: 'CHG0001001',
  title: hostile,
  type: 'normal',
  riskLevel: 'high',
  round: '1',
  path: 'the change advisory board (CAB)',
  policy: '2 of 3 approvals needed',
  approvers: 'Dave Dane, Grace Hopper, Heidi Hale',
  waiting: 'Grace Hopper',
  votes: '1 approval(s), 0 rejection(s)',
  window: '2026-12-20 22:00 UTC to 2026-12-20 23:00 UTC',
  requestedAt: '2026-12-07 10:00 UTC',
  escalatedAt: '2026-12-12 10:00 UTC',
  decidedAt: '2026-12-08 10:00 UTC',
  changeUrl: 'https://desk.nimbus.example/changes/CHG0001001',
  recipientName: 'Alice <Archer>',
  deskName: 'Nimbus Service Desk',
};
const decided = (
  outcome: 'approved' | 'rejected' | 'expired',
  rejections: { name: string; reason: string }[] = [],
) => ({
  ...view,
  outcome: outcome === 'expired' ? 'expired without a decision' : outcome,
  approved: outcome === 'approved',
  rejected: outcome === 'rejected',
  expired: outcome === 'expired',
  reason: outcome === 'rejected' ? 'Rejected by Heidi Hale: <no> backout' : 'Approved',
  rejections,
});

describe('approval mail templates', () => {
  const templates = loadChangeTemplates();

  it.each([
    ['change-approval-requested', view, 'Approval requested'],
    ['change-approval-escalated', view, 'Approval overdue'],
    ['change-approval-decided', decided('approved'), 'Change approved'],
  ] as const)('%s: the change token in the subject, text as written, HTML escaped', (kind, v, subject) => {
    const mail = render(templates[kind], v, '[CHG0001001]');
    expect(mail.subject).toBe(`[CHG0001001] ${subject}: ${hostile}`);
    expect(mail.text).toContain(hostile);
    expect(mail.text).toContain('https://desk.nimbus.example/changes/CHG0001001');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.html).toContain('Alice &lt;Archer&gt;');
  });

  it('a rejection lists every rejecting vote with its reason; an approval lists none', () => {
    const rejected = render(
      templates['change-approval-decided'],
      decided('rejected', [{ name: 'Heidi Hale', reason: '<no> backout' }]),
      '[CHG0001001]',
    );
    expect(rejected.text).toContain('Reason: Rejected by Heidi Hale: <no> backout');
    expect(rejected.text).toContain('Rejections:\n- Heidi Hale: <no> backout');
    expect(rejected.text).toContain('can be reworked as a draft');
    expect(rejected.html).toContain('<li>Heidi Hale: &lt;no&gt; backout</li>');
    const approved = render(templates['change-approval-decided'], decided('approved'), '[CHG0001001]');
    expect(approved.text).not.toContain('Rejections:');
    expect(approved.html).not.toContain('<li>');
    expect(approved.text).toContain('now scheduled for its planned window');
  });

  it('an escalation names who has not voted', () => {
    const mail = render(templates['change-approval-escalated'], view, '[CHG0001001]');
    expect(mail.text).toContain('Not voted yet: Grace Hopper');
    expect(mail.text).toContain('Votes so far: 1 approval(s), 0 rejection(s)');
  });
});
