import { NotFoundError } from '../shared/errors';
import { slugPattern } from '../shared/ids';
import type { Page } from '../shared/page';
import { pageQuerySchema } from '../shared/schemas';
import { parseWith } from '../shared/validation';
import { categoryIdPattern } from './commands';
import type { TaxonomyDeps } from './ports';
import type { BusinessService, Category } from './taxonomy';

/**
 * Every signed-in user reads categories and services (requesters pick them when raising a ticket); retired
 * ones are listed too, with `active: false`, because old tickets still point at them.
 */
export async function getCategory(id: string, { taxonomy }: TaxonomyDeps): Promise<Category> {
  const category = categoryIdPattern.test(id) ? await taxonomy.getCategory(id) : undefined;
  if (!category) throw new NotFoundError('Category');
  return category;
}

export async function listCategories(query: unknown, { taxonomy }: TaxonomyDeps): Promise<Page<Category>> {
  return taxonomy.listCategories(parseWith(pageQuerySchema, query));
}

export async function getService(id: string, { taxonomy }: TaxonomyDeps): Promise<BusinessService> {
  const service = slugPattern.test(id) ? await taxonomy.getService(id) : undefined;
  if (!service) throw new NotFoundError('Service');
  return service;
}

export async function listServices(query: unknown, { taxonomy }: TaxonomyDeps): Promise<Page<BusinessService>> {
  return taxonomy.listServices(parseWith(pageQuerySchema, query));
}
