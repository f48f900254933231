import { describe, expect, it } from 'vitest';
import { resumeEscalations } from '../../../infra/local/resume-escalations';

const execution = (generation: number) => ({
  generation,
  name: `INC1-${generation}`,
  kind: 'resolution' as const,
  warnAt: '2026-12-07T15:00:00.000Z',
  breachAt: '2026-12-07T17:00:00.000Z',
});

async function* items() {
  yield { incidentId: 'INC1', generation: 2, execution: execution(2) };
  yield { incidentId: 'INC2', generation: 4, execution: { ...execution(3), name: 'INC2-3' } };
}

describe('resumeEscalations', () => {
  it('starts the current execution of each stored SLA item with its wake instants', async () => {
    const started: [string, unknown][] = [];
    const workflow = {
      start: async (name: string, input: unknown) => void started.push([name, input]),
      stop: async () => {},
    };
    expect(await resumeEscalations(workflow, items())).toBe(1);
    expect(started).toEqual([
      [
        'INC1-2',
        {
          incidentId: 'INC1',
          generation: 2,
          kind: 'resolution',
          wake: { warnAt: '2026-12-07T15:00:00.000Z', breachAt: '2026-12-07T17:00:00.000Z' },
        },
      ],
    ]);
  });
});
