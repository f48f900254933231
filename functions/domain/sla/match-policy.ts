import type { PolicySubject, SlaPolicy } from './policy';

/**
 * How specific a policy's match is: priority+service+category (3) > priority+service (2) > priority+category (1) >
 * priority only (0). A service narrows more than a category: the service is what the customer bought.
 */
function specificity(policy: SlaPolicy): number {
  return (policy.match.service === undefined ? 0 : 2) + (policy.match.category === undefined ? 0 : 1);
}

function covers(policy: SlaPolicy, subject: PolicySubject): boolean {
  const { priority, service, category } = policy.match;
  return (
    policy.active &&
    priority === subject.priority &&
    (service === undefined || service === subject.service) &&
    (category === undefined || category === subject.category)
  );
}

/**
 * The policy for an incident (decision 0015): among the active policies whose match covers it, the most specific;
 * ties go to the oldest (`createdAt`), then the smallest id, so every reader picks the same one. Undefined: none.
 */
export function matchPolicy(policies: readonly SlaPolicy[], subject: PolicySubject): SlaPolicy | undefined {
  let best: SlaPolicy | undefined;
  for (const policy of policies) {
    if (!covers(policy, subject)) continue;
    if (!best || before(policy, best)) best = policy;
  }
  return best;
}

function before(a: SlaPolicy, b: SlaPolicy): boolean {
  const bySpecificity = specificity(b) - specificity(a);
  if (bySpecificity !== 0) return bySpecificity < 0;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt;
  return a.id < b.id;
}
