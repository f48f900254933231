import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { DomainError } from '../../domain/shared/errors';
import { internalErrorResponse, problemResponse } from '../../http/kernel/problem';
import { logger } from '../logger';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResponse = APIGatewayProxyStructuredResultV2;

/** Turns DomainErrors into problem+json and anything else into a bare 500 logged with its stack. */
const problemDetails = (): middy.MiddlewareObj<HttpEvent, HttpResponse> => ({
  onError: async (request) => {
    const { error, event } = request;
    if (error instanceof DomainError) {
      request.response = problemResponse(error, event.rawPath);
      return;
    }
    logger.error('Unhandled error', { error: error as Error, routeKey: event.routeKey });
    request.response = internalErrorResponse();
  },
});

/**
 * The middy stack of every HTTP function (API Gateway HTTP API, payload 2.0): the logger carries the Lambda context
 * of each invocation, and no error leaves as anything but problem+json.
 */
export function httpHandler(handler: (event: HttpEvent, context: Context) => Promise<HttpResponse>) {
  return middy<HttpEvent, HttpResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(problemDetails())
    .handler(handler);
}
