import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { caller } from '../compose/caller';
import { notificationDeps } from '../compose/notifications';
import { slaRules } from '../compose/sla';
import type { EventPublisher } from '../domain/events/ports';
import { systemActor } from '../domain/shared/actor';
import { appClock } from '../shared/clock';
import { logger } from '../shared/logger';
import { changeApprovalRepository } from '../store/change-approval-repository';
import { groupRepository } from '../store/group-repository';
import { incidentRepository } from '../store/incident-repository';
import { incidentEventsAfter, incidentSlaStore } from '../store/incident-sla-repository';
import { notificationReader } from '../store/notification-reader';
import { policyRepository } from '../store/sla-config-repository';
import { slaReportStore } from '../store/sla-report-repository';
import { approvalCompleter, approvalStarter } from './changes/approval-consumers';
import { approvalNotifier } from './changes/approval-notifier';
import { reviewScheduler } from './changes/eventbridge-scheduler';
import { pirScheduler } from './changes/pir-scheduler';
import { reviewNotifier } from './changes/review-notifier';
import type { Consumer } from './consumer';
import { EventBridgePublisher } from './events/eventbridge-publisher';
import { NdjsonEventPublisher } from './events/ndjson-publisher';
import { publishDomainEvents } from './events/publish-domain-events';
import { notificationsConsumer } from './notifications/notify';
import { slaReportConsumer } from './reports/sla-report-consumer';
import { clockConsumer } from './sla/clock-consumer';
import { escalationActions } from './sla/escalation-actions';
import { escalationStarter } from './sla/escalation-starter';
import { approvalWorkflow } from './workflows/approval-workflow';
import { escalationWorkflow } from './workflows/step-functions-workflow';

/**
 * Where domain events go: the EventBridge bus on AWS (`EVENT_BUS_NAME`), `.data/events.ndjson` on the local stack
 * (`EVENTS_FILE`). The local stack only swaps these two adapters; every consumer runs the same code.
 */
function eventPublisher(env: NodeJS.ProcessEnv): EventPublisher {
  if (env.EVENTS_FILE) return new NdjsonEventPublisher(env.EVENTS_FILE);
  if (env.EVENT_BUS_NAME) {
    return new EventBridgePublisher({ client: new EventBridgeClient({}), eventBusName: env.EVENT_BUS_NAME });
  }
  throw new Error('Set EVENT_BUS_NAME (AWS) or EVENTS_FILE (local stack): domain events need somewhere to go');
}

/** Every consumer of committed changes, composed once for the Lambda and the local stack. */
export function consumers(env: NodeJS.ProcessEnv = process.env): Consumer[] {
  const all: Consumer[] = [
    publishDomainEvents(eventPublisher(env)),
    clockConsumer({
      store: incidentSlaStore,
      eventsAfter: incidentEventsAfter,
      rules: slaRules(),
      now: () => appClock.now(),
    }),
    slaReportConsumer({ store: slaReportStore }),
  ];
  const workflow = escalationWorkflow(env);
  if (workflow) all.push(escalationStarter({ workflow, slas: incidentSlaStore }));
  else logger.warn('No SLA_ESCALATION_STATE_MACHINE_ARN: SLA clocks run but nothing escalates them');
  const approvals = approvalWorkflow(env);
  if (approvals) {
    all.push(
      approvalStarter({ workflow: approvals, approvals: changeApprovalRepository }),
      approvalCompleter({ workflow: approvals }),
    );
  } else logger.warn('No CHANGE_APPROVAL_STATE_MACHINE_ARN: changes entering authorize start no approval workflow');
  const notifications = notificationDeps(env);
  if (notifications) all.push(notificationsConsumer(notifications));
  else logger.warn('No MAIL_FROM: e-mail notifications are off (deploy with -c mailFrom=… to turn them on)');
  all.push(
    escalationActions({
      policies: policyRepository,
      groups: groupRepository,
      incident: { ...caller(systemActor('SLA')), incidents: incidentRepository },
      ...(notifications ? { mail: notifications } : {}),
      log: logger,
    }),
  );
  // Changes: the post-implementation review schedule (EventBridge Scheduler) and the mail when a review opens.
  const scheduler = reviewScheduler(env, () => appClock.now());
  if (scheduler) all.push(pirScheduler({ scheduler }));
  else logger.warn('No PIR_TARGET_ARN: implemented changes get no post-implementation review schedule');
  if (notifications) all.push(reviewNotifier({ ...notifications, groups: notificationReader }));
  // The approval round's mail (requested, escalated, decided).
  if (notifications) {
    all.push(approvalNotifier({ ...notifications, groups: notificationReader, approvals: changeApprovalRepository }));
  }
  return all;
}
