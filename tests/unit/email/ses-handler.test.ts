import { describe, expect, it, vi } from 'vitest';
import { sesIntake } from '../../../functions/email/ses-handler';
import type { StoredMailInput } from '../../../functions/email/ses-notification';
import { mailBucket, receivedNotification, sqsEvent, sqsRecord } from './ses-events';

function setup(process: (input: StoredMailInput) => Promise<unknown> = async () => ({ outcome: 'ticket' })) {
  const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const processed = vi.fn(process);
  const handle = sesIntake({ process: processed, bucket: () => mailBucket, log });
  return { handle, processed, log };
}

const body = (overrides?: Parameters<typeof receivedNotification>[0]) =>
  JSON.stringify(receivedNotification(overrides));

describe('the SES intake handler (SQS → processStoredMail)', () => {
  it('hands each stored message to the intake core with its verdicts and recipients, and reports no failure', async () => {
    const { handle, processed } = setup();
    const result = await handle(sqsEvent(sqsRecord(body())));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(processed).toHaveBeenCalledTimes(1);
    expect(processed).toHaveBeenCalledWith({
      bucket: mailBucket,
      key: 'raw/o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1',
      verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'GRAY' },
      recipients: ['desk@example.com'],
      receivedAt: '2026-12-06T20:32:33.521Z',
    });
  });

  it('reports a transient failure of the core for that message only, so SQS redelivers just it', async () => {
    const { handle, processed, log } = setup(async (input) => {
      if (input.key.endsWith('second')) throw new Error('ProvisionedThroughputExceededException');
      return { outcome: 'comment' };
    });
    const result = await handle(
      sqsEvent(
        sqsRecord(body(), 'm-1'),
        sqsRecord(body({ action: { objectKey: 'raw/second' } }), 'm-2', '3'),
        sqsRecord(body({ action: { objectKey: 'raw/third' } }), 'm-3'),
      ),
    );
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
    expect(processed).toHaveBeenCalledTimes(3);
    expect(log.error).toHaveBeenCalledWith(
      expect.stringContaining('redelivers'),
      expect.objectContaining({ messageId: 'm-2', receiveCount: '3' }),
    );
  });

  it('reports a malformed notification as a failure (kept, retried, then dead-lettered), never processing it', async () => {
    const { handle, processed } = setup();
    const result = await handle(
      sqsEvent(
        sqsRecord('{"notificationType":"Received"'),
        sqsRecord(body({ action: { bucketName: 'other' } }), 'm-2'),
      ),
    );
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m-1', 'm-2']);
    expect(processed).not.toHaveBeenCalled();
  });

  it('acknowledges a notification that is not a received message, with a warning, without processing', async () => {
    const { handle, processed, log } = setup();
    const result = await handle(
      sqsEvent(sqsRecord(JSON.stringify({ notificationType: 'AmazonSnsSubscriptionSucceeded' }))),
    );
    expect(result).toEqual({ batchItemFailures: [] });
    expect(processed).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledTimes(1);
  });

  it('processes a redelivered message again (the core de-duplicates by Message-ID)', async () => {
    const { handle, processed } = setup();
    await handle(sqsEvent(sqsRecord(body(), 'm-1')));
    await handle(sqsEvent(sqsRecord(body(), 'm-1', '2')));
    expect(processed).toHaveBeenCalledTimes(2);
    expect(processed.mock.calls[0]).toEqual(processed.mock.calls[1]);
  });

  it('fails the message, not the module, when MAIL_BUCKET is missing', async () => {
    const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const handle = sesIntake({
      process: async () => ({}),
      bucket: () => {
        throw new Error('MAIL_BUCKET is not set');
      },
      log,
    });
    expect(await handle(sqsEvent(sqsRecord(body())))).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
  });
});
