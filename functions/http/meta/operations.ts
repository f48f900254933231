import type { PracticeOperations } from '../kernel/practice-router';
import { openApiDocument } from '../openapi';

let document: ReturnType<typeof openApiDocument> | undefined;

export const metaOperations: PracticeOperations<'meta'> = {
  async getMe(request) {
    return { status: 200, body: request.actor };
  },
  async getOpenApi() {
    document ??= openApiDocument();
    return { status: 200, body: document, headers: { 'cache-control': 'public, max-age=300' } };
  },
};
