import { changeManagersGroupId } from '../../domain/changes/approval-rules';
import { reviewOpened } from '../../domain/changes/post-implementation-review';
import type { NotificationDeps, NotificationReader } from '../../domain/notifications/ports';
import type { Consumer } from '../consumer';
import { mailTime } from '../notifications/message';
import { type ChangeTemplates, changeUrl, deliverChangeMail, loadChangeTemplates } from './change-mail';

export const reviewNotifierName = 'change-review-notifier';

/** The status the review opened from says how the implementation went. */
const outcomes: Readonly<Record<string, string>> = { implement: 'implemented', failed: 'backed out (failed)' };

function text(value: unknown, fallback = '—'): string {
  return typeof value === 'string' && value.length > 0 ? value : fallback;
}

/**
 * A change moved to `review` (the review schedule fired): mails its change manager, or every member of the
 * `change-managers` group when the change names none. Never the person who made the move themselves.
 */
export function reviewNotifier(
  deps: NotificationDeps & { readonly groups: Pick<NotificationReader, 'groupMembers'> },
  templates: () => ChangeTemplates = loadChangeTemplates,
): Consumer {
  return {
    name: reviewNotifierName,
    wants: (event) => reviewOpened(event) !== undefined,
    async handle(event, { once }) {
      const opened = reviewOpened(event);
      if (!opened) return;
      const recipients = opened.changeManagerId
        ? [opened.changeManagerId]
        : [...(await deps.groups.groupMembers(changeManagersGroupId))];
      const mover = event.actor.system ? undefined : event.actor.id;
      const from = event.changes.find((c) => c.field === 'status')?.before;
      const subject = event.subject ?? {};
      const number = text(subject.number);
      await deliverChangeMail(
        {
          kind: 'change-review-opened',
          number,
          recordType: 'change',
          recordId: event.recordId,
          sourceId: event.id,
          view: {
            title: text(subject.title),
            type: text(subject.type),
            riskLevel: text(subject.riskLevel),
            outcome: outcomes[text(from, '')] ?? 'completed',
            openedAt: mailTime(event.at),
            changeUrl: changeUrl(deps.config.portalUrl, number),
          },
        },
        recipients.filter((id) => id !== mover),
        deps,
        once,
        templates,
      );
    },
  };
}
