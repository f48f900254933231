/** Examples of the meta practice's operations for the OpenAPI document (only functions/http/openapi.ts imports this). */
import { type PracticeExamples, sampleEmail, samplePeople } from '../kernel/examples';
import type { metaSchemas } from './schemas';

export const metaExamples: PracticeExamples<typeof metaSchemas> = {
  getMe: { response: { ...samplePeople.bob, email: sampleEmail('bob'), roles: ['requester', 'agent'] } },
};
