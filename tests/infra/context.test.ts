import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { stackPropsFromContext } from '../../infra/context';

const propsFrom = (context: Record<string, unknown>) => stackPropsFromContext(new App({ context }).node);

describe('stack props from CDK context', () => {
  it('defaults to a new bus, no mail and no alarm e-mail', () => {
    expect(propsFrom({})).toEqual({
      threatProtection: false,
      allowOrigins: undefined,
      eventBusName: undefined,
      mail: undefined,
      alarmEmail: undefined,
      inboundMail: undefined,
      authDomainPrefix: undefined,
      consoleDomain: undefined,
      consoleCertificateArn: undefined,
    });
  });

  it('reads every key (strings from -c, booleans from cdk.json)', () => {
    expect(
      propsFrom({
        threatProtection: true,
        allowOrigins: 'https://a.example, https://b.example',
        eventBusName: 'corp-events',
        mailFrom: 'service-desk@example.com',
        mailReplyTo: 'replies@example.com',
        sesIdentity: 'example.com',
        sesConfigurationSet: 'corp_mail-1',
        alarmEmail: 'ops@example.com',
        authDomainPrefix: 'corp-itsm',
        consoleDomain: 'itsm.example.com',
        consoleCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-1234567890ab',
      }),
    ).toEqual({
      threatProtection: true,
      allowOrigins: ['https://a.example', 'https://b.example'],
      eventBusName: 'corp-events',
      mail: {
        from: 'service-desk@example.com',
        replyTo: 'replies@example.com',
        identity: 'example.com',
        configurationSetName: 'corp_mail-1',
      },
      alarmEmail: 'ops@example.com',
      inboundMail: undefined,
      authDomainPrefix: 'corp-itsm',
      consoleDomain: 'itsm.example.com',
      consoleCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-1234567890ab',
    });
    expect(propsFrom({ threatProtection: 'true' }).threatProtection).toBe(true);
  });

  it('treats empty values as absent', () => {
    expect(propsFrom({ mailFrom: '', eventBusName: '' })).toMatchObject({ mail: undefined, eventBusName: undefined });
  });

  it('reads inbound mail recipients (addresses and domains, lower-cased, de-duplicated) with 90 days by default', () => {
    expect(propsFrom({ inboundMail: ' Desk@Example.com,help.example.org , desk@example.com' }).inboundMail).toEqual({
      recipients: ['desk@example.com', 'help.example.org'],
      retentionDays: 90,
    });
    expect(propsFrom({ inboundMail: 'it.example.org', inboundMailRetentionDays: 30 }).inboundMail).toEqual({
      recipients: ['it.example.org'],
      retentionDays: 30,
    });
  });

  it.each([
    [{ inboundMail: 'desk' }, 'inboundMail'],
    [{ inboundMail: 'desk@example.com, not an address' }, 'inboundMail'],
    [{ inboundMail: ' , ' }, 'inboundMail'],
    [{ inboundMail: Array.from({ length: 101 }, (_, i) => `d${i}@example.com`).join(',') }, 'inboundMail'],
    [{ inboundMail: 'desk@example.com', inboundMailRetentionDays: '0' }, 'inboundMailRetentionDays'],
    [{ inboundMail: 'desk@example.com', inboundMailRetentionDays: '1.5' }, 'inboundMailRetentionDays'],
    [{ inboundMail: 'desk@example.com', inboundMailRetentionDays: '3651' }, 'inboundMailRetentionDays'],
    [{ inboundMailRetentionDays: '30' }, 'inboundMail'],
    [{ mailFrom: 'Service Desk <desk@example.com>' }, 'mailFrom'],
    [{ mailFrom: 'desk' }, 'mailFrom'],
    [{ mailFrom: 'desk@example.com', mailReplyTo: 'nobody' }, 'mailReplyTo'],
    [{ mailFrom: 'desk@example.com', sesIdentity: 'not an identity' }, 'sesIdentity'],
    [{ mailFrom: 'desk@example.com', sesConfigurationSet: 'has spaces' }, 'sesConfigurationSet'],
    [{ alarmEmail: 'ops' }, 'alarmEmail'],
    [{ eventBusName: 'bus with spaces' }, 'eventBusName'],
    [{ sesConfigurationSet: 'corp-mail' }, 'mailFrom'],
    [{ authDomainPrefix: 'Corp_ITSM' }, 'authDomainPrefix'],
    [{ authDomainPrefix: '-corp' }, 'authDomainPrefix'],
    [{ consoleDomain: 'itsm.example.com' }, 'consoleCertificateArn'],
    [
      {
        consoleDomain: 'itsm.example.com',
        consoleCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-1234567890ab',
      },
      'consoleCertificateArn',
    ],
    [{ consoleDomain: 'https://itsm.example.com' }, 'consoleDomain'],
  ])('rejects %j, naming %s', (context, key) => {
    expect(() => propsFrom(context)).toThrow(key);
  });
});
