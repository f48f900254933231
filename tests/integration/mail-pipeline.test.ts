import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { getHistory, listComments } from '../../functions/domain/incidents/comments';
import { createIncident } from '../../functions/domain/incidents/create-incident';
import { getIncident } from '../../functions/domain/incidents/get-incident';
import { listLinks } from '../../functions/domain/incidents/links';
import { updateIncident } from '../../functions/domain/incidents/update-incident';
import { listWatchers } from '../../functions/domain/incidents/watchers';
import { systemActor } from '../../functions/domain/shared/actor';
import { runPipeline } from '../../functions/email/pipeline';
import { inboundMailRepository } from '../../functions/store/inbound-mail-repository';
import { peopleRepository } from '../../functions/store/people-repository';
import { sentMailRepository } from '../../functions/store/sent-mail-repository';
import { suppressionRepository } from '../../functions/store/suppression-repository';
import { alice, bob } from '../support/actors';
import { incidentDeps as deps } from '../support/deps';
import { seedGroup } from '../support/desk';
import { mailAddress, parsedMail, pipelineDeps, storedMessage } from '../support/mail';
import { seedPeople } from '../support/people';
import { useFreshTable } from '../support/table';

const admin = systemActor('test');

beforeAll(async () => {
  await useFreshTable('mail-pipeline');
  await seedPeople();
  await seedGroup('service-desk', [bob]);
});

async function ticketFor(mail = parsedMail()) {
  const result = await runPipeline(mail, storedMessage(), pipelineDeps());
  expect(result.outcome).toBe('ticket');
  return { mail, result, incident: await getIncident(result.incidentId as string, deps(admin)) };
}

describe('e-mail intake pipeline', () => {
  it('opens an incident for a new sender, who becomes a person and its requester', async () => {
    const { mail, incident } = await ticketFor();
    const sender = await peopleRepository.findByEmail(mail.from?.address as string);
    expect(sender).toMatchObject({ source: 'email', name: 'Sam Sender' });
    expect(incident).toMatchObject({
      title: 'Printer on floor 3 is jammed',
      description: 'The printer shows error E-42.',
      status: 'new',
      requester: { id: sender?.id, name: 'Sam Sender' },
    });
    const history = await getHistory(incident.id, {}, deps(admin));
    expect(history.items[0]?.changes).toEqual(
      expect.arrayContaining([
        { field: 'channel', before: null, after: 'email' },
        { field: 'inboundMessageId', before: null, after: mail.messageId },
      ]),
    );
  });

  it('makes a reply with the ticket token in the subject a public comment by the sender', async () => {
    const { mail, incident } = await ticketFor();
    const reply = parsedMail({
      from: mail.from,
      subject: `RE: [${incident.number}] Printer on floor 3 is jammed`,
      text: 'It works again, thanks.\n\nOn Monday someone wrote:\n> old text\n',
    });
    const result = await runPipeline(reply, storedMessage(), pipelineDeps());
    expect(result).toMatchObject({ outcome: 'comment', incidentId: incident.id, number: incident.number });
    const comments = await listComments(incident.id, {}, deps(admin));
    expect(comments.items).toHaveLength(1);
    expect(comments.items[0]).toMatchObject({ body: 'It works again, thanks.', visibility: 'public' });
    const stored = await inboundMailRepository.getInbound(`mid:${reply.messageId}`);
    expect(stored?.text).toContain('> old text');
  });

  it('threads a reply by In-Reply-To on the Message-ID our acknowledgement really used', async () => {
    const { mail, incident } = await ticketFor();
    const sesId = `<${ulid().toLowerCase()}@email.amazonses.com>`;
    await sentMailRepository.record({
      messageIds: [`<${ulid()}@nimbus.local>`, sesId],
      recordType: 'incident',
      recordId: incident.id,
      number: incident.number,
      kind: 'acknowledgement',
      recipientId: incident.requester.id,
      sourceEventId: ulid(),
      sentAt: new Date().toISOString(),
    });
    const reply = parsedMail({ from: mail.from, subject: 'Re: your ticket', inReplyTo: sesId, text: 'More details' });
    const result = await runPipeline(reply, storedMessage(), pipelineDeps());
    expect(result).toMatchObject({ outcome: 'comment', incidentId: incident.id });
  });

  it('opens a new incident linked to a closed one a reply answers', async () => {
    const { mail, incident } = await ticketFor();
    await updateIncident(
      incident.id,
      1,
      { status: 'resolved', resolutionCode: 'solved_permanently', resolutionNotes: 'x' },
      deps(bob),
    );
    await updateIncident(incident.id, 2, { status: 'closed' }, deps(bob));
    const reply = parsedMail({ from: mail.from, subject: `Re: [${incident.number}] again broken` });
    const result = await runPipeline(reply, storedMessage(), pipelineDeps());
    expect(result.outcome).toBe('ticket');
    expect(result.incidentId).not.toBe(incident.id);
    const links = await listLinks(result.incidentId as string, {}, deps(bob));
    expect(links.items).toEqual([expect.objectContaining({ targetId: incident.id, type: 'relates_to' })]);
  });

  it('opens a new linked incident when someone who is not part of the ticket replies to it', async () => {
    const { incident } = await ticketFor();
    const stranger = parsedMail({ subject: `Re: [${incident.number}] me too` });
    const result = await runPipeline(stranger, storedMessage(), pipelineDeps());
    expect(result.outcome).toBe('ticket');
    expect(result.incidentId).not.toBe(incident.id);
    expect((await listComments(incident.id, {}, deps(admin))).items).toHaveLength(0);
  });

  it('lets a watcher (a CC recipient of the first mail) comment by e-mail, and makes CC people watchers', async () => {
    const cc = { address: mailAddress('colleague'), name: 'Cora Colleague' };
    const { incident } = await ticketFor(parsedMail({ cc: [cc, { address: 'DESK@nimbus.local' }] }));
    const watchers = await listWatchers(incident.id, {}, deps(admin));
    expect(watchers.items.map((w) => w.username)).toEqual([cc.address]);
    const reply = parsedMail({ from: cc, subject: `Re: [${incident.number}] jammed`, text: 'Same here' });
    expect((await runPipeline(reply, storedMessage(), pipelineDeps())).outcome).toBe('comment');
  });

  it('answers a second delivery of the same message with duplicate and the first outcome', async () => {
    const mail = parsedMail();
    const first = await runPipeline(mail, storedMessage(), pipelineDeps());
    const second = await runPipeline(mail, storedMessage(), pipelineDeps());
    expect(second).toEqual({ ...first, outcome: 'duplicate' });
  });

  it('creates one incident when the same message is delivered ten times at once', async () => {
    const mail = parsedMail({ messageId: `<${ulid()}@concurrent.example.com>` });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => runPipeline(mail, storedMessage(), pipelineDeps())),
    );
    const ids = new Set(results.map((r) => r.incidentId));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.outcome === 'ticket')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(9);
    const mine = await peopleRepository.findByEmail(mail.from?.address as string);
    const theirs = await deps(admin).incidents.list({
      scope: { by: 'requester', value: mine?.id as string },
      limit: 20,
    });
    expect(theirs.items).toHaveLength(1);
  });

  it('de-duplicates a message without Message-ID by its content', async () => {
    const mail = parsedMail({ messageId: undefined });
    const first = await runPipeline(mail, storedMessage(), pipelineDeps());
    const second = await runPipeline(mail, storedMessage(), pipelineDeps());
    expect(first.outcome).toBe('ticket');
    expect(second).toMatchObject({ outcome: 'duplicate', incidentId: first.incidentId });
  });

  it('quarantines an auto-reply with its reason, once, and opens nothing', async () => {
    const mail = parsedMail({ headers: { 'auto-submitted': ['auto-replied'] } });
    const first = await runPipeline(mail, storedMessage(), pipelineDeps());
    expect(first).toMatchObject({ outcome: 'quarantined', reason: 'auto_reply' });
    const entry = await inboundMailRepository.getQuarantine(first.quarantineId as string);
    expect(entry).toMatchObject({ reason: 'auto_reply', detail: 'Auto-Submitted: auto-replied', state: 'held' });
    expect(await runPipeline(mail, storedMessage(), pipelineDeps())).toMatchObject({
      outcome: 'duplicate',
      quarantineId: first.quarantineId,
    });
    const sender = await peopleRepository.findByEmail(mail.from?.address as string);
    expect(sender).toBeUndefined();
  });

  it('puts the addresses a bounce reports on the suppression list', async () => {
    const failed = mailAddress('gone');
    const bounce = parsedMail({
      headers: { 'content-type': ['multipart/report; report-type=delivery-status'], 'x-failed-recipients': [failed] },
    });
    expect(await runPipeline(bounce, storedMessage(), pipelineDeps())).toMatchObject({ reason: 'bounce' });
    expect(await suppressionRepository.get(failed)).toMatchObject({ reason: 'bounce' });
  });

  it('quarantines a sender over the rate limit, counting a redelivered message once', async () => {
    const from = { address: mailAddress('chatty') };
    const limited = pipelineDeps({ rateLimit: { limit: 2, windowSeconds: 3600 } });
    const first = parsedMail({ from });
    expect((await runPipeline(first, storedMessage(), limited)).outcome).toBe('ticket');
    expect((await runPipeline(first, storedMessage(), limited)).outcome).toBe('duplicate');
    expect((await runPipeline(parsedMail({ from }), storedMessage(), limited)).outcome).toBe('ticket');
    expect(await runPipeline(parsedMail({ from }), storedMessage(), limited)).toMatchObject({
      outcome: 'quarantined',
      reason: 'rate_limited',
    });
  });

  it('keeps attachment metadata on the ticket', async () => {
    const mail = parsedMail({
      attachments: [
        { key: 'attachments/x/000-log.txt', filename: 'log.txt', contentType: 'text/plain', size: 12, inline: false },
      ],
    });
    const result = await runPipeline(mail, storedMessage(), pipelineDeps());
    const page = await inboundMailRepository.listAttachments(result.incidentId as string, { limit: 10 });
    expect(page.items).toEqual([
      expect.objectContaining({
        filename: 'log.txt',
        size: 12,
        messageId: mail.messageId,
        key: mail.attachments[0]?.key,
      }),
    ]);
  });

  it('still threads on a ticket the sender raised through the API', async () => {
    const { value: incident } = await createIncident(
      { title: 'VPN down', description: 'x', impact: 2, urgency: 2 },
      deps(alice),
    );
    const reply = parsedMail({ from: { address: alice.email as string }, subject: `Re: [${incident.number}] VPN` });
    expect(await runPipeline(reply, storedMessage(), pipelineDeps())).toMatchObject({
      outcome: 'comment',
      incidentId: incident.id,
    });
  });
});
