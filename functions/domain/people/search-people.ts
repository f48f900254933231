import { isFulfiller } from '../shared/actor';
import { ForbiddenError, ValidationError } from '../shared/errors';
import { parseWith } from '../shared/validation';
import { searchPeopleSchema } from './commands';
import type { Page, PeopleDeps, PersonSummary } from './ports';
import { clip, fold } from './search-tokens';

/** The query as the index spells tokens: folded and clipped like them. */
export function searchPrefix(query: string): string {
  const prefix = clip(fold(query));
  if (!/[\p{L}\p{N}]/u.test(prefix))
    throw new ValidationError([{ path: 'query', message: 'Type at least one letter or digit' }]);
  return prefix;
}

/**
 * People whose name (a word of it, or its start), username or e-mail address starts with `query`: agents and
 * admins only (they pick assignees and watchers). One Query per page; each person at most once per page.
 */
export async function searchPeople(
  input: unknown,
  { actor, people }: Pick<PeopleDeps, 'actor' | 'people'>,
): Promise<Page<PersonSummary>> {
  if (!isFulfiller(actor)) throw new ForbiddenError('search the people directory');
  const { query, limit, cursor } = parseWith(searchPeopleSchema, input);
  return people.search(searchPrefix(query), { limit, ...(cursor === undefined ? {} : { cursor }) });
}
