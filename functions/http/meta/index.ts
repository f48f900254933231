import { practiceRouter } from '../kernel/practice-router';
import { openApiDocument } from '../openapi';

let document: ReturnType<typeof openApiDocument> | undefined;

/** Lambda entry of the meta practice: who am I, and the API description. */
export const handler = practiceRouter('meta', {
  async getMe(request) {
    return { status: 200, body: request.actor };
  },
  async getOpenApi() {
    document ??= openApiDocument();
    return { status: 200, body: document, headers: { 'cache-control': 'public, max-age=300' } };
  },
});
