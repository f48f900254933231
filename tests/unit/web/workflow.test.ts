import { describe, expect, it } from 'vitest';
import { holdReasons, resolutionCodes, transitions } from '../../../functions/domain/incidents/incident';
import {
  agentMoves,
  holdReasons as consoleHoldReasons,
  resolutionCodes as consoleResolutionCodes,
  transitions as consoleTransitions,
  requesterMoves,
} from '../../../web/src/lib/workflow';

describe('the lifecycle the console offers', () => {
  it('is the server’s: the console offers only moves the API accepts', () => {
    expect(consoleTransitions).toEqual(transitions);
    expect(consoleHoldReasons).toEqual(holdReasons);
    expect(consoleResolutionCodes).toEqual(resolutionCodes);
  });

  it('offers agents the allowed moves and requesters close/reopen of a resolved ticket only', () => {
    expect(agentMoves('new')).toEqual(['in_progress', 'on_hold', 'resolved']);
    expect(agentMoves('closed')).toEqual([]);
    expect(requesterMoves('resolved')).toEqual(['closed', 'in_progress']);
    for (const status of ['new', 'in_progress', 'on_hold', 'closed'] as const)
      expect(requesterMoves(status)).toEqual([]);
  });
});
