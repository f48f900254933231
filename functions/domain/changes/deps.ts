import type { GroupDirectory } from '../groups/ports';
import type { PeopleDirectory } from '../people/ports';
import type { CallerDeps } from '../shared/caller';
import type { Sequences } from '../shared/numbers';
import type { BusinessService } from '../taxonomy/taxonomy';
import type { ConflictChecker } from './ports';
import type { RiskQuestionRepository } from './risk-questions';
import type { ChangeRepository } from './store-port';
import type { ChangeTemplateRepository } from './templates';

/** Days from a recorded implementation to its post-implementation review, unless configured (PIR_DELAY_DAYS). */
export const defaultReviewDelayDays = 3;

export interface ChangeDeps extends CallerDeps {
  readonly changes: ChangeRepository;
  readonly sequences: Sequences;
  /** Scheduling's conflict check (blackouts block, overlaps warn). */
  readonly conflicts: ConflictChecker;
  readonly templates: ChangeTemplateRepository;
  readonly riskQuestions: RiskQuestionRepository;
  /** The people directory: implementer and change manager are people it knows (and their display names). */
  readonly people?: PeopleDirectory;
  /** Nimbus groups: a change manager must be a member of `change-managers`. */
  readonly groups: Pick<GroupDirectory, 'isMember'>;
  /** The taxonomy's business services: `services: [{ id }]` must name an active one. */
  readonly services?: { getService(id: string): Promise<BusinessService | undefined> };
  readonly reviewDelayDays?: number;
}
