import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ids } from '../../functions/compose/caller';
import { fixedClock } from '../../functions/domain/shared/clock';
import { mailFeedback } from '../../functions/email/feedback-handler';
import { auditEventEntity } from '../../functions/store/entities/audit-event.entity';
import { suppressionRepository } from '../../functions/store/suppression-repository';
import { complaint, delivery, permanentBounce, snsEvent, transientBounce } from '../support/ses-feedback';
import { useFreshTable } from '../support/table';

const clock = fixedClock('2026-12-06T10:42:00Z');
const log = { info: vi.fn(), warn: vi.fn() };
async function auditTrail(recordId: string) {
  const { data } = await auditEventEntity().query.primary({ recordId }).go();
  return data;
}

const handle = mailFeedback({ suppressions: suppressionRepository, clock, ids, log });

beforeAll(async () => {
  await useFreshTable('mail-feedback');
});

describe('SES bounces and complaints → the suppression list (DynamoDB Local)', () => {
  it('suppresses each permanently bounced recipient, lower-cased, audited as the system', async () => {
    await handle(snsEvent(permanentBounce(['Jane@Customer.example', 'mary@customer.example'])));

    const jane = await suppressionRepository.get('jane@customer.example');
    expect(jane).toMatchObject({
      address: 'jane@customer.example',
      reason: expect.stringMatching(/^bounce: Permanent\/General \(5\.1\.1 smtp; 550/),
      addedAt: '2026-12-06T10:42:00.000Z',
      addedBy: { id: 'system', username: 'nimbus' },
    });
    expect(await suppressionRepository.get('mary@customer.example')).toBeDefined();
    const trail = await auditTrail('suppression:jane@customer.example');
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      action: 'created',
      actorId: 'system',
      actorName: 'nimbus',
      actorReason: 'SES permanent bounce',
    });
  });

  it('changes nothing when SNS delivers the same bounce again', async () => {
    const bounce = permanentBounce(['again@customer.example']);
    await handle(snsEvent(bounce));
    const first = await suppressionRepository.get('again@customer.example');
    await handle(snsEvent(bounce));
    await Promise.all([handle(snsEvent(bounce)), handle(snsEvent(bounce))]);
    expect(await suppressionRepository.get('again@customer.example')).toEqual(first);
    expect(await auditTrail('suppression:again@customer.example')).toHaveLength(1);
  });

  it('suppresses complainers (identity notification shape)', async () => {
    await handle(snsEvent(complaint(['rick@customer.example'])));
    expect(await suppressionRepository.get('rick@customer.example')).toMatchObject({ reason: 'complaint: abuse' });
  });

  it('keeps an address suppressed earlier as it was (first reason wins)', async () => {
    await handle(snsEvent(complaint(['kept@customer.example'])));
    const before = await suppressionRepository.get('kept@customer.example');
    await handle(snsEvent(permanentBounce(['kept@customer.example'])));
    expect(await suppressionRepository.get('kept@customer.example')).toEqual(before);
  });

  it('does not suppress transient bounces, not-spam feedback or deliveries', async () => {
    await handle(snsEvent(transientBounce('full@customer.example')));
    await handle(snsEvent(complaint(['happy@customer.example'], 'not-spam')));
    await handle(snsEvent(delivery('fine@customer.example')));
    const suppressed = await suppressionRepository.suppressed([
      'full@customer.example',
      'happy@customer.example',
      'fine@customer.example',
    ]);
    expect(suppressed).toEqual(new Set());
  });

  it('skips a recipient that is not an e-mail address and still suppresses the others', async () => {
    await handle(snsEvent(permanentBounce(['not an address', 'valid@customer.example'])));
    expect(await suppressionRepository.get('valid@customer.example')).toBeDefined();
    expect(log.info).toHaveBeenLastCalledWith(
      'Feedback recorded',
      expect.objectContaining({ added: ['valid@customer.example'], invalid: ['not an address'] }),
    );
  });

  it('ignores a message that is not JSON, with a warning', async () => {
    await expect(handle(snsEvent('not json'))).resolves.toBeUndefined();
    expect(log.warn).toHaveBeenCalledWith('SNS message is not JSON; ignored', expect.any(Object));
  });

  it('throws when the store fails, so Lambda retries the invocation and then dead-letters it', async () => {
    const failing = mailFeedback({
      suppressions: {
        ...suppressionRepository,
        add: async () => {
          throw new Error('ProvisionedThroughputExceededException');
        },
      },
      clock,
      ids,
      log,
    });
    await expect(failing(snsEvent(permanentBounce(['retry@customer.example'])))).rejects.toThrow(
      'ProvisionedThroughputExceededException',
    );
  });
});
