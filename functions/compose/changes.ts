import type { ChangeDeps } from '../domain/changes/deps';
import type { CallerDeps } from '../domain/shared/caller';
import { pirDelayDays } from '../schedules/schedules';
import { conflictChecker } from '../store/change-conflicts';
import { changeTemplateRepository, riskQuestionRepository } from '../store/change-reference-repository';
import { changeRepository } from '../store/change-repository';
import { sequences } from '../store/counters';
import { groupRepository } from '../store/group-repository';
import { peopleRepository } from '../store/people-repository';
import { taxonomyRepository } from '../store/taxonomy-repository';

/**
 * The change practice wired to the store, for `caller`: change records, numbers, the conflict checker (the calendar
 * part's), templates, risk questions, the people directory, the groups (who is a change manager) and the taxonomy's services. The review delay is
 * `PIR_DELAY_DAYS` (functions/schedules/schedules.ts; default 3).
 */
export function changeDeps(caller: CallerDeps, reviewDelayDays = pirDelayDays(process.env)): ChangeDeps {
  return {
    ...caller,
    changes: changeRepository,
    sequences,
    conflicts: conflictChecker,
    templates: changeTemplateRepository,
    riskQuestions: riskQuestionRepository,
    people: peopleRepository,
    groups: groupRepository,
    services: taxonomyRepository,
    reviewDelayDays,
  };
}
