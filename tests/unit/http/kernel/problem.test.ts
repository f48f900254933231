import { describe, expect, it } from 'vitest';
import {
  BusinessRuleError,
  DomainError,
  InvalidTransitionError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '../../../../functions/domain/shared/errors';
import { internalErrorResponse, problemResponse } from '../../../../functions/http/kernel/problem';
import { jsonBody, type Problem } from '../../support/http';

describe('problemResponse', () => {
  it('answers a validation error as RFC 9457 problem+json listing each bad field', () => {
    // Prepare
    const error = new ValidationError([
      { path: 'title', message: 'Too small' },
      { path: 'colour', message: 'Unknown field' },
    ]);
    // Act
    const response = problemResponse(error, '/incidents');
    // Assess
    expect(response.statusCode).toBe(400);
    expect(response.headers).toEqual({ 'content-type': 'application/problem+json' });
    expect(jsonBody<Problem>(response)).toEqual({
      type: 'urn:nimbus:problem:validation-failed',
      title: 'Bad Request',
      status: 400,
      detail: 'The request is not valid',
      code: 'VALIDATION_FAILED',
      instance: '/incidents',
      errors: [
        { path: 'title', message: 'Too small' },
        { path: 'colour', message: 'Unknown field' },
      ],
    });
  });

  it('tells the client which moves an incident allows after a refused transition', () => {
    const body = jsonBody<Problem>(problemResponse(new InvalidTransitionError('new', 'closed', ['in_progress'])));
    expect(body).toMatchObject({
      status: 422,
      title: 'Unprocessable Content',
      code: 'INVALID_TRANSITION',
      from: 'new',
      to: 'closed',
      allowed: ['in_progress'],
    });
  });

  it('tells the client the current version after a 412', () => {
    const body = jsonBody<Problem>(problemResponse(new PreconditionFailedError('Incident', 2, 5)));
    expect(body).toMatchObject({ status: 412, title: 'Precondition Failed', expectedVersion: 2, currentVersion: 5 });
  });

  it('lists the fields a business rule names, and leaves errors out when there are none', () => {
    const withFields = new BusinessRuleError('HOLD_REASON_REQUIRED', 'x', [
      { path: 'holdReason', message: 'Required' },
    ]);
    expect(jsonBody<Problem>(problemResponse(withFields)).errors).toEqual([
      { path: 'holdReason', message: 'Required' },
    ]);
    expect(jsonBody<Problem>(problemResponse(new BusinessRuleError('INCIDENT_CLOSED', 'closed')))).not.toHaveProperty(
      'errors',
    );
    expect(jsonBody<Problem>(problemResponse(new NotFoundError('Incident')))).not.toHaveProperty('errors');
  });

  it('always carries type, title, status, detail and code, whatever the status', () => {
    for (const status of [400, 401, 403, 404, 409, 412, 413, 415, 418, 422, 428, 500]) {
      const body = jsonBody<Problem>(problemResponse(new DomainError('SOME_CODE', status, 'Something')));
      expect(body).toMatchObject({
        type: 'urn:nimbus:problem:some-code',
        status,
        detail: 'Something',
        code: 'SOME_CODE',
      });
      expect(body.title.length).toBeGreaterThan(0);
      expect(body).not.toHaveProperty('instance');
    }
  });
});

describe('internalErrorResponse', () => {
  it('is a generic 500 problem without internals', () => {
    const response = internalErrorResponse();
    expect(response.statusCode).toBe(500);
    expect(jsonBody<Problem>(response)).toMatchObject({
      status: 500,
      code: 'INTERNAL',
      title: 'Internal Server Error',
    });
  });
});
