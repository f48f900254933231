import type { SuppressionDeps } from '../domain/notifications/suppressions';
import type { DeadLetterDeps } from '../domain/operations/dead-letters';
import type { CallerDeps } from '../domain/shared/caller';
import { deadLetterRepository } from '../store/dead-letter-repository';
import { suppressionRepository } from '../store/suppression-repository';

export type AdminDeps = DeadLetterDeps & SuppressionDeps;

/** The admin surface (the dispatcher's dead letters, the mail suppression list) wired to the store, for `caller`. */
export function adminDeps(caller: CallerDeps): AdminDeps {
  return { ...caller, deadLetters: deadLetterRepository, suppressions: suppressionRepository };
}
