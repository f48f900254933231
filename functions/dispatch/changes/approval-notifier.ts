import { approvalMailPlan, approvalNotice } from '../../domain/changes/approval-notices';
import { changeManagersGroupId } from '../../domain/changes/approval-rules';
import type { ApprovalStore } from '../../domain/changes/approval-store';
import type { NotificationDeps, NotificationReader } from '../../domain/notifications/ports';
import type { Consumer } from '../consumer';
import { mailTime } from '../notifications/message';
import { type ChangeTemplates, changeUrl, deliverChangeMail, loadChangeTemplates } from './change-mail';

export const approvalNotifierName = 'change-approval-notifier';

const when = (iso: unknown) => (typeof iso === 'string' && iso.length > 0 ? mailTime(iso) : '—');

function windowText(start: unknown, end: unknown): string {
  if (typeof start !== 'string' || !start) return 'not planned yet';
  return typeof end === 'string' && end ? `${mailTime(start)} to ${mailTime(end)}` : `from ${mailTime(start)}`;
}

export interface ApprovalNotifierDeps extends NotificationDeps {
  readonly groups: Pick<NotificationReader, 'groupMembers'>;
  readonly approvals: Pick<ApprovalStore, 'ofChange'>;
}

/**
 * The approval round's mail, after the workflow's write is committed: `approval_requested` → each approver,
 * `approval_escalated` → the change manager (else the `change-managers` group) naming who has not voted,
 * `approved` | `rejected` | `expired` → the requester and the implementer. Plans in
 * functions/domain/changes/approval-notices.ts; each recipient once per event.
 */
export function approvalNotifier(
  deps: ApprovalNotifierDeps,
  templates: () => ChangeTemplates = loadChangeTemplates,
): Consumer {
  return {
    name: approvalNotifierName,
    wants: (event) => approvalNotice(event) !== undefined,
    async handle(event, { once }) {
      const notice = approvalNotice(event);
      if (!notice) return;
      const subject = event.subject ?? {};
      const needsRequests = notice.kind !== 'change-approval-requested';
      const needsManagers =
        notice.kind === 'change-approval-escalated' &&
        !(typeof subject.changeManagerId === 'string' && subject.changeManagerId.length > 0);
      const names = new Map<string, string>();
      const approverIds = (notice.approval.approvers ?? []).map((a) => a.id);
      for (let start = 0; start < approverIds.length; start += 100) {
        const page = await deps.people.getMany(approverIds.slice(start, start + 100));
        for (const [id, person] of page) if (person.name) names.set(id, person.name);
      }
      const plan = approvalMailPlan(notice, event, {
        names,
        requests: needsRequests ? await deps.approvals.ofChange(event.recordId) : [],
        changeManagers: needsManagers ? [...(await deps.groups.groupMembers(changeManagersGroupId))] : [],
      });
      const number = typeof subject.number === 'string' ? subject.number : event.recordId;
      const { approval } = notice;
      await deliverChangeMail(
        {
          kind: plan.kind,
          number,
          recordType: 'change',
          recordId: event.recordId,
          sourceId: event.id,
          view: {
            ...plan.view,
            window: windowText(subject.plannedStart, subject.plannedEnd),
            requestedAt: when(approval.requestedAt ?? event.at),
            escalatedAt: when(approval.escalatedAt ?? event.at),
            decidedAt: when(approval.decidedAt ?? event.at),
            changeUrl: changeUrl(deps.config.portalUrl, number),
          },
        },
        plan.recipients,
        deps,
        once,
        templates,
      );
    },
  };
}
