import { describe, expect, it } from 'vitest';
import { deskMailConfig, sesMailerOptions } from '../../../../functions/dispatch/mail/config';

describe('mail configuration', () => {
  it('has local defaults', () => {
    expect(deskMailConfig({})).toEqual({
      from: { address: 'desk@nimbus.localhost', name: 'Nimbus Service Desk' },
      replyTo: { address: 'desk@nimbus.localhost', name: 'Nimbus Service Desk' },
      messageIdDomain: 'nimbus.localhost',
      portalUrl: 'http://127.0.0.1:4010',
    });
    expect(sesMailerOptions({})).toEqual({ fromAddress: 'desk@nimbus.localhost', region: 'us-east-1' });
  });

  it('reads the desk identity and SES settings from the environment', () => {
    const env = {
      MAIL_FROM: 'Help@Acme.example',
      MAIL_FROM_NAME: 'Acme IT',
      MAIL_REPLY_TO: 'intake@acme.example',
      MAIL_MESSAGE_ID_DOMAIN: 'mail.acme.example',
      PORTAL_URL: 'https://it.acme.example',
      SES_CONFIGURATION_SET: 'nimbus-notifications',
      AWS_REGION: 'eu-west-1',
      NIMBUS_UNRELATED: 'ignored',
    };
    expect(deskMailConfig(env)).toEqual({
      from: { address: 'help@acme.example', name: 'Acme IT' },
      replyTo: { address: 'intake@acme.example', name: 'Acme IT' },
      messageIdDomain: 'mail.acme.example',
      portalUrl: 'https://it.acme.example',
    });
    expect(sesMailerOptions(env)).toEqual({
      fromAddress: 'help@acme.example',
      region: 'eu-west-1',
      configurationSet: 'nimbus-notifications',
    });
  });

  it('treats empty variables as unset and refuses bad ones', () => {
    expect(deskMailConfig({ MAIL_REPLY_TO: '', SES_CONFIGURATION_SET: '' }).replyTo.address).toBe(
      'desk@nimbus.localhost',
    );
    expect(() => deskMailConfig({ MAIL_FROM: 'not an address' })).toThrow();
    expect(() => deskMailConfig({ PORTAL_URL: 'nope' })).toThrow();
    expect(() => deskMailConfig({ MAIL_MESSAGE_ID_DOMAIN: 'bad domain>' })).toThrow();
  });
});
