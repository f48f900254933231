import type { CallerDeps } from '../domain/shared/caller';
import type { TaxonomyDeps } from '../domain/taxonomy/ports';
import { taxonomyRepository } from '../store/taxonomy-repository';

/** Categories and business services wired to the store, for `caller`. */
export function taxonomyDeps(caller: CallerDeps): TaxonomyDeps {
  return { ...caller, taxonomy: taxonomyRepository };
}
