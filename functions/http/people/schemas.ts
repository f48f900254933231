/** What the people practice's operations accept and return (the OpenAPI document is generated from these). */
import * as z from 'zod/mini';
import { searchPeopleSchema } from '../../domain/people/commands';
import { type PracticeSchemas, page } from '../kernel/schemas';

export const personSummaryView = z.object({
  id: z.string(),
  username: z.string(),
  /** Display name ("Alice Archer"); the username when the identity provider gives none. */
  name: z.string(),
  email: z.optional(z.string()),
});

export const personView = z.object({
  ...personSummaryView.shape,
  /** `user`: a Cognito user (id = sub); `email`: someone known only by the address they mailed from. */
  source: z.enum(['user', 'email']),
  /** Deactivated people (disabled in the identity provider) stay readable but can no longer be chosen. */
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const syncCountsView = z.object({
  created: z.int(),
  updated: z.int(),
  unchanged: z.int(),
  /** Of the updated: people whose user was disabled in the identity provider. */
  deactivated: z.int(),
});

export const peopleSchemas = {
  searchPeople: { query: searchPeopleSchema, success: 200, response: page(personSummaryView) },
  getPerson: { success: 200, response: personView },
  syncPeople: { success: 200, response: syncCountsView, problems: [409, 503] },
} as const satisfies PracticeSchemas<'people'>;
