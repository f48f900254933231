import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError, MethodNotAllowedError } from '../../domain/shared/errors';

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** RFC 9457 problem details; `code` is stable for clients, `errors` lists each bad field. */
export function problemBody(error: DomainError, instance?: string) {
  return {
    ...(error.details ?? {}),
    type: `urn:nimbus:problem:${error.code.toLowerCase().replaceAll('_', '-')}`,
    title: titles[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(instance ? { instance } : {}),
    ...('errors' in error && Array.isArray(error.errors) && error.errors.length > 0 ? { errors: error.errors } : {}),
  };
}

export function problemResponse(error: DomainError, instance?: string): APIGatewayProxyStructuredResultV2 {
  const body = problemBody(error, instance);
  return {
    statusCode: error.status,
    headers: {
      'content-type': 'application/problem+json',
      ...(error instanceof MethodNotAllowedError ? { allow: error.allow.join(', ') } : {}),
    },
    body: JSON.stringify(body),
  };
}

export function internalErrorResponse(): APIGatewayProxyStructuredResultV2 {
  return problemResponse(new DomainError('INTERNAL', 500, 'Something went wrong on our side; it has been logged'));
}
