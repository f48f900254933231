import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotFoundError } from '../../../../functions/domain/shared/errors';
import { httpHandler } from '../../../../functions/shared/middleware/http';
import { apiEvent, jsonBody, lambdaContext, type Problem } from '../../support/http';

// Before the logger is created: the suite runs it SILENT (see task.test.ts).
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

describe('httpHandler (HTTP function stack)', () => {
  let logs: Record<string, unknown>[];
  beforeEach(() => {
    logs = [];
    for (const method of ['info', 'warn', 'error'] as const) {
      vi.spyOn(console, method).mockImplementation((line: string) => {
        logs.push(JSON.parse(line));
      });
    }
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('answers a domain error as problem+json naming the request path, and logs nothing', async () => {
    const handler = httpHandler(async () => {
      throw new NotFoundError('Incident');
    });
    const response = await handler(apiEvent('GET /incidents/{id}'), lambdaContext);
    expect(response.statusCode).toBe(404);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(jsonBody<Problem>(response)).toMatchObject({ code: 'NOT_FOUND', instance: '/incidents/{id}' });
    expect(logs).toEqual([]);
  });

  it('answers anything else with a bare 500 and logs it with its stack, route and request id', async () => {
    // Prepare
    const handler = httpHandler(async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'version')");
    });
    // Act
    const response = await handler(apiEvent('PATCH /incidents/{id}'), lambdaContext);
    // Assess
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('version');
    expect(logs).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'Unhandled error',
        routeKey: 'PATCH /incidents/{id}',
        function_request_id: 'request-1',
        error: expect.objectContaining({ name: 'TypeError', stack: expect.anything() }),
      }),
    ]);
  });
});
