/**
 * The SLA escalation actions consumer (decision 0020): after the escalation workflow committed an `sla_warned` or
 * `sla_breached` event, does what the clock's policy names for that milestone — mail the assignee and/or the group's
 * manager (through the notifications' delivery path), reassign to the group's escalation group and/or raise the
 * priority (one system-actor incident update). Each side effect runs under its own ledger key, so a redelivered event
 * mails nobody twice and changes the incident once; the incident update is itself a no-op once done.
 */
import type { GroupDirectory } from '../../domain/groups/ports';
import { planSlaNotifications } from '../../domain/notifications/plan';
import type { NotificationDeps } from '../../domain/notifications/ports';
import type { PolicyRepository } from '../../domain/sla/config-ports';
import { type EscalateIncidentDeps, escalateIncident } from '../../domain/sla/escalate-incident';
import { milestoneOf, milestoneSubject, planEscalation } from '../../domain/sla/escalation-actions';
import type { Consumer } from '../consumer';
import { deliverNotifications } from '../notifications/notify';
import { loadTemplates, type TemplateSet } from '../notifications/templates';
import { settleAll } from '../settle';

export const escalationActionsName = 'sla-escalation-actions';

export interface ActionLog {
  info(message: string, extra: Record<string, unknown>): void;
}

export interface EscalationActionsDeps {
  readonly policies: Pick<PolicyRepository, 'get'>;
  readonly groups: Pick<GroupDirectory, 'get'>;
  /** The system actor (reason `SLA`) with the incidents store: who changes the incident. */
  readonly incident: Omit<EscalateIncidentDeps, 'groups'>;
  /** Absent when mail is off: the notify actions are logged and skipped. */
  readonly mail?: NotificationDeps;
  readonly log: ActionLog;
  readonly templates?: () => TemplateSet;
}

export function escalationActions(deps: EscalationActionsDeps): Consumer {
  return {
    name: escalationActionsName,
    wants: (event) => milestoneOf(event) !== undefined,
    async handle(event, { once }) {
      const record = milestoneOf(event);
      if (!record) return;
      const context = {
        eventId: event.id,
        incidentId: event.recordId,
        milestone: record.milestone,
        clock: record.kind,
      };
      const policy = await deps.policies.get(record.policyId);
      if (!policy) {
        deps.log.info(`SLA policy ${record.policyId} is gone: no escalation actions`, context);
        return;
      }
      const actions = policy.escalations[record.milestone];
      if (actions.length === 0) return;
      const subject = milestoneSubject(event);
      const needsGroup = actions.includes('notify_group_manager') || actions.includes('reassign_escalation_group');
      const group = needsGroup && subject.assignmentGroup ? await deps.groups.get(subject.assignmentGroup) : undefined;
      const plan = planEscalation(
        actions,
        record,
        subject,
        group && { id: group.id, managerId: group.manager.id, escalationGroup: group.escalationGroup },
      );
      for (const { action, why } of plan.skipped) deps.log.info(`SLA action ${action} skipped: ${why}`, context);

      const work: Promise<unknown>[] = [];
      const mails = planSlaNotifications(
        event,
        { clock: record.kind, dueAt: record.dueAt, at: record.at },
        plan.notify,
      );
      if (mails && mails.notifications.length > 0) {
        if (deps.mail) work.push(deliverNotifications(event, mails, deps.mail, once, deps.templates ?? loadTemplates));
        else deps.log.info('SLA notifications skipped: mail is off', context);
      }
      const change = plan.incident;
      if (change) {
        work.push(
          once(`sla-actions:${event.id}:incident`, async () => {
            const outcome = await escalateIncident(event.recordId, change, { ...deps.incident, groups: deps.groups });
            deps.log.info('SLA escalation applied to the incident', { ...context, ...outcome });
          }),
        );
      }
      await settleAll(work, `SLA actions of ${event.id}`);
    },
  };
}
