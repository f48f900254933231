/** Shared fixtures of the notification tests: the desk's mail identity and people as the directory returns them. */
import type { DeskMailConfig, OutboundMail } from '../../../functions/domain/notifications/ports';
import type { Person } from '../../../functions/domain/people/ports';

export const desk: DeskMailConfig = {
  from: { address: 'desk@nimbus.example', name: 'Nimbus Service Desk' },
  replyTo: { address: 'desk@nimbus.example', name: 'Nimbus Service Desk' },
  messageIdDomain: 'mail.nimbus.example',
  portalUrl: 'https://desk.nimbus.example/',
};

export function aPerson(id: string, overrides: Partial<Person> = {}): Person {
  const username = id.replace(/^u-/, '');
  return {
    id,
    username,
    name: `${username[0].toUpperCase()}${username.slice(1)} Example`,
    email: `${username}@example.com`,
    source: 'user',
    active: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function anOutboundMail(overrides: Partial<OutboundMail> = {}): OutboundMail {
  return {
    messageId: '<01JABCDEFGHJKMNPQRSTVWXYZ0@mail.nimbus.example>',
    from: desk.from,
    replyTo: desk.replyTo,
    to: [{ address: 'rita@example.com', name: 'Rita Müller' }],
    subject: '[INC0001001] Résolu : imprimante',
    text: 'Hello Rita,\r\nline two\r\n',
    html: '<p>Hello Rita,</p>',
    headers: {
      'Auto-Submitted': 'auto-generated',
      'X-Nimbus-Loop': 'mail.nimbus.example',
      References: '<incident.R1@mail.nimbus.example>',
      'In-Reply-To': '<incident.R1@mail.nimbus.example>',
    },
    ...overrides,
  };
}
