import type { SNSEvent } from 'aws-lambda';

/**
 * SES feedback as the SES developer guide shows it: configuration-set event publishing (`eventType`) and identity
 * feedback notifications (`notificationType`), with the same bounce and complaint objects.
 */
const mail = {
  timestamp: '2026-12-06T10:40:02.012Z',
  source: 'Service Desk <desk@example.com>',
  sourceArn: 'arn:aws:ses:eu-west-1:123456789012:identity/example.com',
  sendingAccountId: '123456789012',
  messageId: '0102018f2c8b2f6e-5b1f1c1e-7a40-4d1d-9f0e-3f0f0c6f9a57-000000',
  destination: ['jane@customer.example', 'mary@customer.example'],
  headersTruncated: false,
  tags: { 'ses:configuration-set': ['Nimbus-MailConfigurationSet'] },
};

export function permanentBounce(addresses: readonly string[], shape: 'event' | 'notification' = 'event') {
  return {
    [shape === 'event' ? 'eventType' : 'notificationType']: 'Bounce',
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      bouncedRecipients: addresses.map((emailAddress) => ({
        emailAddress,
        action: 'failed',
        status: '5.1.1',
        diagnosticCode: 'smtp; 550 5.1.1 <jane@customer.example>... User\nunknown',
      })),
      timestamp: '2026-12-06T10:41:02.669Z',
      feedbackId: '0102018f2c8b33d1-61b59c11-9236-11e6-8f96-7be8aexample-000000',
      reportingMTA: 'dsn; mta.customer.example',
      remoteMtaIp: '127.0.2.0',
    },
    mail,
  };
}

export function transientBounce(address: string) {
  return {
    eventType: 'Bounce',
    bounce: {
      bounceType: 'Transient',
      bounceSubType: 'MailboxFull',
      bouncedRecipients: [{ emailAddress: address, action: 'failed', status: '4.2.2' }],
      timestamp: '2026-12-06T10:41:02.669Z',
      feedbackId: '0102018f2c8b33d1-transient-000000',
    },
    mail,
  };
}

export function complaint(addresses: readonly string[], feedbackType = 'abuse') {
  return {
    notificationType: 'Complaint',
    complaint: {
      userAgent: 'ExampleCorp Feedback Loop (V0.01)',
      complainedRecipients: addresses.map((emailAddress) => ({ emailAddress })),
      complaintFeedbackType: feedbackType,
      arrivalDate: '2026-12-06T10:45:00.000Z',
      timestamp: '2026-12-06T10:45:01.000Z',
      feedbackId: '0102018f2c8b44aa-complaint-000000',
    },
    mail,
  };
}

export function delivery(address: string) {
  return {
    eventType: 'Delivery',
    delivery: { timestamp: '2026-12-06T10:40:03.000Z', recipients: [address], smtpResponse: '250 ok' },
    mail,
  };
}

/** The event Lambda receives when an SNS topic invokes it (one record). */
export function snsEvent(message: unknown, messageId = 'c9b1e5b8-1f5e-5f7e-9a43-3f3e1e8f8a01'): SNSEvent {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn:
          'arn:aws:sns:eu-west-1:123456789012:Nimbus-MailFeedbackTopic:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55',
        Sns: {
          Type: 'Notification',
          MessageId: messageId,
          TopicArn: 'arn:aws:sns:eu-west-1:123456789012:Nimbus-MailFeedbackTopic',
          Subject: null as unknown as string,
          Message: typeof message === 'string' ? message : JSON.stringify(message),
          Timestamp: '2026-12-06T10:41:03.000Z',
          SignatureVersion: '1',
          Signature: 'EXAMPLE',
          SigningCertUrl: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-example.pem',
          UnsubscribeUrl: 'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}
