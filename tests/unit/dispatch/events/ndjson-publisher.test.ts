import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NdjsonEventPublisher } from '../../../../functions/dispatch/events/ndjson-publisher';
import { domainEventsOf } from '../../../../functions/domain/events/domain-events';
import type { DomainEvent } from '../../../../functions/domain/events/ports';
import { schemaErrors } from '../../support/event-schemas';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nimbus-events-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const lines = async (file: string) =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line, i, all) => line !== '' || i < all.length - 1)
    .map((line) => JSON.parse(line));

const created: DomainEvent[] = domainEventsOf({
  id: '01JNX4QK8Z3V5W7Y9B1C3D5F01',
  recordType: 'incident',
  recordId: '01JNX4Q5M2H8R6T4P0N9K7J3G1',
  action: 'created',
  actor: { id: 'user-bob', username: 'bob' },
  at: '2026-03-04T10:15:30.123Z',
  changes: [{ field: 'status', before: null, after: 'new' }],
  subject: { number: 'INC0001042', status: 'new', priority: 'P3', assignmentGroup: null, assignee: null, major: false },
});

const event = (n: number): DomainEvent => ({
  detailType: 'Record Changed',
  time: '2026-03-04T10:15:30.123Z',
  detail: { eventId: `e-${n}`, text: 'a line\nbreak and "quotes"' },
});

describe('NdjsonEventPublisher', () => {
  it('creates the file and its folder, one line per event in the EventBridge envelope', async () => {
    const file = join(dir, 'nested', '.data', 'events.ndjson');

    await new NdjsonEventPublisher(file, { newId: () => 'id-1' }).publish(created);

    const content = await readFile(file, 'utf8');
    expect(content.endsWith('\n')).toBe(true);
    expect(content.split('\n')).toHaveLength(2);
    const [line] = await lines(file);
    expect(line).toEqual({
      version: '0',
      id: 'id-1',
      'detail-type': 'Incident Created',
      source: 'nimbus',
      account: '000000000000',
      time: '2026-03-04T10:15:30Z',
      region: 'local',
      resources: [],
      detail: created[0].detail,
    });
    expect(Object.keys(line)).toEqual([
      'version',
      'id',
      'detail-type',
      'source',
      'account',
      'time',
      'region',
      'resources',
      'detail',
    ]);
    expect(schemaErrors({ detailType: line['detail-type'], time: line.time, detail: line.detail })).toEqual([]);
  });

  it('appends to what is there, and gives each event a fresh envelope id like EventBridge', async () => {
    const file = join(dir, 'events.ndjson');
    const publisher = new NdjsonEventPublisher(file, { account: '111122223333', region: 'eu-west-1' });

    await publisher.publish([event(1), event(2)]);
    await publisher.publish([event(1)]);

    const written = await lines(file);
    expect(written.map((l) => l.detail.eventId)).toEqual(['e-1', 'e-2', 'e-1']);
    expect(new Set(written.map((l) => l.id)).size).toBe(3);
    expect(written[0]).toMatchObject({ account: '111122223333', region: 'eu-west-1' });
    expect(written[0].detail.text).toBe('a line\nbreak and "quotes"');
  });

  it('never interleaves concurrent publications, also from two publishers on one file', async () => {
    const file = join(dir, 'events.ndjson');
    const a = new NdjsonEventPublisher(file);
    const b = new NdjsonEventPublisher(file);
    const batch = (n: number) => Array.from({ length: 20 }, (_, i) => event(n * 100 + i));

    await Promise.all(Array.from({ length: 30 }, (_, n) => (n % 2 ? a : b).publish(batch(n))));

    const written = await lines(file);
    expect(written).toHaveLength(600);
    // Each publication's lines stay together and in order.
    for (let start = 0; start < written.length; start += 20) {
      const ids = written.slice(start, start + 20).map((l) => Number(l.detail.eventId.slice(2)));
      const first = ids[0];
      expect(first % 100).toBe(0);
      expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => first + i));
    }
  });

  it('publishing nothing writes nothing', async () => {
    const file = join(dir, 'events.ndjson');
    await new NdjsonEventPublisher(file).publish([]);
    await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
