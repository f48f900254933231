import { ids } from '../../compose/caller';
import {
  type ApprovalTaskInput,
  type ApprovalTaskResult,
  runApprovalStep,
} from '../../domain/changes/approval-workflow';
import type { UserRef } from '../../domain/shared/audit';
import { appClock } from '../../shared/clock';
import { changeApprovalRepository } from '../../store/change-approval-repository';
import { changeRepository } from '../../store/change-repository';
import { groupRepository } from '../../store/group-repository';

/** Every member of a group, page by page. */
export async function groupMembers(groupId: string): Promise<UserRef[]> {
  const members: UserRef[] = [];
  let cursor: string | undefined;
  do {
    const page = await groupRepository.members(groupId, { limit: 100, ...(cursor ? { cursor } : {}) });
    members.push(...page.items.map((membership) => membership.user));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return members;
}

/** The approval workflow's task wired to the table and the app clock. */
export function runApprovalTask(input: ApprovalTaskInput): Promise<ApprovalTaskResult> {
  return runApprovalStep(
    {
      changes: changeRepository,
      approvals: changeApprovalRepository,
      members: groupMembers,
      clock: appClock,
      ids,
    },
    input,
  );
}
