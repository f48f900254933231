import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Before the logger is created (imports are hoisted above this file's code, vi.hoisted above them): the suite
// runs it SILENT, and the middleware's per-invocation refresh would put back any level set later.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

import { ConflictError, DomainError, NotFoundError, WorkflowOutcome } from '../../../../functions/domain/shared/errors';
import { logger } from '../../../../functions/shared/logger';
import { taskHandler } from '../../../../functions/shared/middleware/task';

const context = { functionName: 'nimbus-task', awsRequestId: 'task-request-1' } as unknown as Context;

/** What the handler wrote to the log, as parsed JSON lines (the tests run the logger in dev mode, on `console`). */
function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  for (const method of ['info', 'warn', 'error'] as const) {
    vi.spyOn(console, method).mockImplementation((line: string) => {
      lines.push(JSON.parse(line));
    });
  }
  return lines;
}

/** Runs `handler` and hands back what it threw (fails the test when it threw nothing). */
async function thrownBy(run: Promise<unknown>): Promise<unknown> {
  try {
    await run;
  } catch (error) {
    return error;
  }
  throw new Error('expected the task to throw');
}

describe('taskHandler (Step Functions task stack)', () => {
  let logs: Record<string, unknown>[];
  beforeEach(() => {
    logs = captureLogs();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('hands the input to the task and returns its output', async () => {
    const handler = taskHandler(async (input: { incidentId: string }) => ({ escalated: input.incidentId }));
    expect(await handler({ incidentId: 'INC0001001' }, context)).toEqual({ escalated: 'INC0001001' });
  });

  it('rethrows a domain error unchanged, so a Catch on "NotFoundError" matches it', async () => {
    // Prepare
    const refused = new NotFoundError('Incident');
    const handler = taskHandler(async () => {
      throw refused;
    });
    // Act
    const error = await thrownBy(handler({}, context));
    // Assess
    expect(error).toBe(refused);
    expect(error).toMatchObject({ name: 'NotFoundError', code: 'NOT_FOUND' });
  });

  it('keeps the name of every domain error class (the error type Lambda reports to Step Functions)', async () => {
    for (const error of [new ConflictError('Taken', 'DUPLICATE'), new DomainError('INTERNAL', 500, 'x')]) {
      const handler = taskHandler(async () => {
        throw error;
      });
      expect(await thrownBy(handler({}, context))).toHaveProperty('name', error.constructor.name);
    }
  });

  it('logs a refused task as a warning with its code and the invocation it belongs to', async () => {
    const handler = taskHandler(async () => {
      throw new NotFoundError('Incident');
    });
    await thrownBy(handler({}, context));
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        message: 'Task refused',
        code: 'NOT_FOUND',
        function_request_id: 'task-request-1',
        error: expect.objectContaining({ name: 'NotFoundError' }),
      }),
    );
  });

  it('logs a workflow outcome (caught by name in the ASL) as information, never as a failure, and rethrows it', async () => {
    class RoundClosed extends WorkflowOutcome {
      override readonly name = 'ApprovalRoundClosed';
    }
    const ended = new RoundClosed('Round 1 of CHG is over');
    const handler = taskHandler(async () => {
      throw ended;
    });
    expect(await thrownBy(handler({}, context))).toBe(ended);
    expect(logs).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'Task ended the workflow',
        outcome: 'ApprovalRoundClosed',
        reason: 'Round 1 of CHG is over',
        function_request_id: 'task-request-1',
      }),
    ]);
  });

  it('logs an unknown error with its stack and rethrows it unchanged (name included)', async () => {
    // Prepare
    class ThrottledError extends Error {
      override name = 'ThrottlingException';
    }
    const failure = new ThrottledError('Rate exceeded');
    const handler = taskHandler(async () => {
      throw failure;
    });
    // Act
    const error = await thrownBy(handler({}, context));
    // Assess
    expect(error).toBe(failure);
    expect(error).toHaveProperty('name', 'ThrottlingException');
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'Task failed',
        function_request_id: 'task-request-1',
        error: expect.objectContaining({
          name: 'ThrottlingException',
          message: 'Rate exceeded',
          stack: expect.anything(),
        }),
      }),
    );
  });

  it('forgets the previous invocation: each log line carries its own request id', async () => {
    const handler = taskHandler(async (input: { fail: boolean }) => {
      if (input.fail) throw new NotFoundError('Incident');
      logger.info('working');
      return null;
    });
    await thrownBy(handler({ fail: true }, context));
    await handler({ fail: false }, { ...context, awsRequestId: 'task-request-2' });
    expect(logs.map((l) => [l.message, l.function_request_id])).toEqual([
      ['Task refused', 'task-request-1'],
      ['working', 'task-request-2'],
    ]);
  });
});
