import { describe, expect, it } from 'vitest';
import {
  MalformedReceiptError,
  storedMailFromQueueBody,
  storedMailInput,
  verdictsOf,
} from '../../../functions/email/ses-notification';
import { mailBucket, receivedNotification } from './ses-events';

describe('SES receipt notification → intake input', () => {
  it('takes bucket, key, envelope recipients, every verdict and the time SES received the message', () => {
    expect(storedMailInput(receivedNotification(), mailBucket)).toEqual({
      bucket: mailBucket,
      key: 'raw/o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1',
      verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'GRAY' },
      recipients: ['desk@example.com'],
      receivedAt: '2026-12-06T20:32:33.521Z',
    });
  });

  it('passes FAIL verdicts through unchanged (the screening quarantines on them)', () => {
    const input = storedMailInput(
      receivedNotification({ receipt: { spamVerdict: { status: 'FAIL' }, virusVerdict: { status: 'FAIL' } } }),
      mailBucket,
    );
    expect(input.verdicts).toMatchObject({ spam: 'FAIL', virus: 'FAIL' });
  });

  it('uses the envelope recipients of the receipt, not the To header (Bcc to the desk still counts)', () => {
    const input = storedMailInput(
      receivedNotification({ receipt: { recipients: ['help@it.example.org', 'desk@example.com'] } }),
      mailBucket,
    );
    expect(input.recipients).toEqual(['help@it.example.org', 'desk@example.com']);
  });

  it('falls back on the X-SES verdict headers for spam and virus when the receipt lacks them', () => {
    const notification = receivedNotification();
    const receipt: Record<string, unknown> = { ...notification.receipt };
    delete receipt.spamVerdict;
    delete receipt.virusVerdict;
    const headers = [
      { name: 'x-ses-spam-verdict', value: 'FAIL' },
      { name: 'X-SES-Virus-Verdict', value: 'PROCESSING_FAILED' },
    ];
    expect(verdictsOf(receipt, { headers })).toEqual({
      spam: 'FAIL',
      virus: 'PROCESSING_FAILED',
      spf: 'PASS',
      dkim: 'PASS',
      dmarc: 'GRAY',
    });
  });

  it('leaves out verdicts it does not know rather than guessing', () => {
    expect(verdictsOf({ spamVerdict: { status: 'MAYBE' }, spfVerdict: 'pass', dkimVerdict: {} })).toEqual({
      spf: 'PASS',
    });
  });

  it('builds the key from prefix and SES message id when the action names no objectKey', () => {
    const notification = receivedNotification({ action: { objectKey: undefined } });
    expect(storedMailInput(notification, mailBucket).key).toBe('raw/o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1');
  });

  it('omits receivedAt when neither timestamp parses', () => {
    const input = storedMailInput(
      receivedNotification({ receipt: { timestamp: 'soon' }, mail: { timestamp: undefined } }),
      mailBucket,
    );
    expect(input).not.toHaveProperty('receivedAt');
  });

  it.each([
    ['another bucket', receivedNotification({ action: { bucketName: 'someone-elses-bucket' } }), 'not the mail bucket'],
    ['a Lambda action', receivedNotification({ action: { type: 'Lambda', bucketName: undefined } }), 'S3 action'],
    ['no recipients', receivedNotification({ receipt: { recipients: [] } }), 'no recipients'],
    [
      'no key at all',
      receivedNotification({ action: { objectKey: undefined }, mail: { messageId: undefined } }),
      'no object key',
    ],
    ['no receipt', { notificationType: 'Received', mail: {} }, 'no receipt'],
  ])('refuses a notification with %s', (_what, notification, message) => {
    expect(() => storedMailInput(notification, mailBucket)).toThrow(MalformedReceiptError);
    expect(() => storedMailInput(notification, mailBucket)).toThrow(message);
  });
});

describe('queue message bodies', () => {
  it('reads the raw SES notification (SNS raw message delivery)', () => {
    const input = storedMailFromQueueBody(JSON.stringify(receivedNotification()), mailBucket);
    expect(input).toMatchObject({ key: 'raw/o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1' });
  });

  it('unwraps an SNS envelope (a subscription without raw delivery)', () => {
    const envelope = {
      Type: 'Notification',
      MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
      TopicArn: 'arn:aws:sns:eu-west-1:012345678912:Nimbus-MailIntakeReceivedTopic',
      Subject: 'Amazon SES Email Receipt Notification',
      Message: JSON.stringify(receivedNotification()),
      Timestamp: '2026-12-06T20:32:34.000Z',
    };
    expect(storedMailFromQueueBody(JSON.stringify(envelope), mailBucket)).toMatchObject({ bucket: mailBucket });
  });

  it('acknowledges what is not a received message (nothing to lose), saying what it was', () => {
    expect(storedMailFromQueueBody(JSON.stringify({ notificationType: 'Bounce' }), mailBucket)).toEqual({
      ignored: 'notificationType "Bounce"',
    });
  });

  it.each(['not json', '[1,2]', '"text"'])('refuses the body %j as malformed', (body) => {
    expect(() => storedMailFromQueueBody(body, mailBucket)).toThrow(MalformedReceiptError);
  });
});
