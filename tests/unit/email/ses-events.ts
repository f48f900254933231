import type { SQSEvent, SQSRecord } from 'aws-lambda';

export const mailBucket = 'nimbus-mailintakebucket-abc123';

/**
 * The notification SES publishes for a receipt rule's S3 action (shape of the SES developer guide's "Notification of
 * an S3 action" example: receipt with verdicts, recipients and the action's bucket and key; mail with headers).
 */
export function receivedNotification(overrides: { receipt?: object; mail?: object; action?: object } = {}) {
  return {
    notificationType: 'Received',
    receipt: {
      timestamp: '2026-12-06T20:32:33.936Z',
      processingTimeMillis: 406,
      recipients: ['desk@example.com'],
      spamVerdict: { status: 'PASS' },
      virusVerdict: { status: 'PASS' },
      spfVerdict: { status: 'PASS' },
      dkimVerdict: { status: 'PASS' },
      dmarcVerdict: { status: 'GRAY' },
      action: {
        type: 'S3',
        topicArn: 'arn:aws:sns:eu-west-1:012345678912:Nimbus-MailIntakeReceivedTopic',
        bucketName: mailBucket,
        objectKeyPrefix: 'raw/',
        objectKey: 'raw/o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1',
        ...overrides.action,
      },
      ...overrides.receipt,
    },
    mail: {
      timestamp: '2026-12-06T20:32:33.521Z',
      source: 'ann@customer.example',
      messageId: 'o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1',
      destination: ['desk@example.com'],
      headersTruncated: false,
      headers: [
        { name: 'Return-Path', value: '<ann@customer.example>' },
        {
          name: 'Received',
          value:
            'from mail.customer.example by inbound-smtp.eu-west-1.amazonaws.com with SMTP id o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1 for desk@example.com; Sun, 06 Dec 2026 20:32:33 +0000 (UTC)',
        },
        { name: 'X-SES-Spam-Verdict', value: 'PASS' },
        { name: 'X-SES-Virus-Verdict', value: 'PASS' },
        { name: 'From', value: 'Ann <ann@customer.example>' },
        { name: 'To', value: 'desk@example.com' },
        { name: 'Subject', value: 'Printer on fire' },
        { name: 'Message-ID', value: '<CAF1234@mail.customer.example>' },
      ],
      commonHeaders: {
        returnPath: 'ann@customer.example',
        from: ['Ann <ann@customer.example>'],
        to: ['desk@example.com'],
        messageId: '<CAF1234@mail.customer.example>',
        subject: 'Printer on fire',
      },
      ...overrides.mail,
    },
  };
}

export function sqsRecord(body: string, messageId = 'm-1', receiveCount = '1'): SQSRecord {
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: receiveCount,
      SentTimestamp: '1796589153936',
      SenderId: 'AIDAIT2UOQQY3AUEKVGXU',
      ApproximateFirstReceiveTimestamp: '1796589153950',
    },
    messageAttributes: {},
    md5OfBody: 'ignored',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:012345678912:Nimbus-MailIntakeQueue',
    awsRegion: 'eu-west-1',
  };
}

export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}
