/** What the meta practice's operations return (the OpenAPI document is generated from these). */
import * as z from 'zod/mini';
import type { PracticeSchemas } from '../kernel/schemas';

export const meView = z.object({
  id: z.string(),
  username: z.string(),
  email: z.optional(z.string()),
  name: z.optional(z.string()),
  roles: z.array(z.enum(['requester', 'agent', 'change-manager', 'cab', 'admin'])),
});

export const metaSchemas = {
  getOpenApi: { success: 200 },
  getMe: { success: 200, response: meView },
} as const satisfies PracticeSchemas<'meta'>;
