import { describe, expect, it } from 'vitest';
import { escalationStarter } from '../../../../functions/dispatch/sla/escalation-starter';
import type { AuditEvent } from '../../../../functions/domain/shared/audit';
import type { IncidentSla, SlaExecution } from '../../../../functions/domain/sla/clock';

const execution = (generation: number): SlaExecution => ({
  generation,
  name: `INC1-${generation}`,
  kind: 'response',
  warnAt: '2026-12-07T10:00:00.000Z',
  breachAt: '2026-12-07T12:00:00.000Z',
});

const event = (before: SlaExecution | null, after: SlaExecution | null, id = 'E1'): AuditEvent => ({
  id,
  recordType: 'incident',
  recordId: 'INC1',
  action: 'sla_updated',
  actor: { id: 'system', username: 'nimbus', system: { reason: 'SLA' } },
  at: '2026-12-07T09:00:00.000Z',
  changes: [{ field: 'execution', before, after }],
});

function harness(generation: number) {
  const calls: string[] = [];
  const done = new Set<string>();
  const starter = escalationStarter({
    workflow: {
      start: async (name, input) => void calls.push(`start ${name} ${JSON.stringify(input)}`),
      stop: async (name) => void calls.push(`stop ${name}`),
    },
    slas: { get: async () => ({ incidentId: 'INC1', generation }) as IncidentSla },
  });
  const once = async (key: string, effect: () => Promise<void>) => {
    if (done.has(key)) return 'skipped' as const;
    await effect();
    done.add(key);
    return 'done' as const;
  };
  return { starter, calls, handle: (e: AuditEvent) => starter.handle(e, { once }) };
}

describe('escalation starter', () => {
  it('wants only incident sla_* events that carry an execution change', () => {
    const { starter } = harness(1);
    expect(starter.wants(event(null, execution(1)))).toBe(true);
    expect(starter.wants({ ...event(null, execution(1)), action: 'updated' })).toBe(false);
    expect(starter.wants({ ...event(null, execution(1)), changes: [] })).toBe(false);
  });

  it('stops the previous execution and starts the next with its wake instants, once per redelivery', async () => {
    const { calls, handle } = harness(2);
    const e = event(execution(1), execution(2));
    await handle(e);
    await handle(e);
    expect(calls).toEqual([
      'stop INC1-1',
      `start INC1-2 ${JSON.stringify({ incidentId: 'INC1', generation: 2, kind: 'response', wake: { warnAt: '2026-12-07T10:00:00.000Z', breachAt: '2026-12-07T12:00:00.000Z' } })}`,
    ]);
  });

  it('only stops when no execution should run any more', async () => {
    const { calls, handle } = harness(3);
    await handle(event(execution(3), null));
    expect(calls).toEqual(['stop INC1-3']);
  });

  it('does not start a generation older than the SLA item', async () => {
    const { calls, handle } = harness(5);
    await handle(event(null, execution(4)));
    expect(calls).toEqual([]);
  });
});
