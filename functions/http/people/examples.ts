/** Examples of the people practice's operations for the OpenAPI document (only functions/http/openapi.ts imports this). */
import { type PracticeExamples, sampleEmail, samplePeople, sampleTimes } from '../kernel/examples';
import type { peopleSchemas } from './schemas';

const carol = { ...samplePeople.carol, email: sampleEmail('carol') } as const;

export const peopleExamples: PracticeExamples<typeof peopleSchemas> = {
  searchPeople: { response: { items: [carol], nextCursor: null } },
  getPerson: {
    response: { ...carol, source: 'user', active: true, createdAt: sampleTimes.seeded, updatedAt: sampleTimes.seeded },
  },
  syncPeople: { response: { created: 1, updated: 2, unchanged: 3, deactivated: 1 } },
};
