import { agendaView, agendaWindow, cabGroupId } from '../../domain/changes/cab-agenda';
import type { Change } from '../../domain/changes/change';
import { calendarStatuses } from '../../domain/changes/ports';
import type { ChangeRepository } from '../../domain/changes/store-port';
import type { NotificationDeps, NotificationReader } from '../../domain/notifications/ports';
import type { Once } from '../consumer';
import { type ChangeTemplates, changeUrl, deliverChangeMail, loadChangeTemplates } from './change-mail';

export interface ChangeMailDeps {
  readonly mail: NotificationDeps;
  readonly changes: Pick<ChangeRepository, 'list' | 'listInWindow'>;
  readonly members: Pick<NotificationReader, 'groupMembers'>;
  readonly once: Once;
  readonly templates?: () => ChangeTemplates;
}

async function awaitingAuthorisation(changes: ChangeMailDeps['changes']): Promise<Change[]> {
  const all: Change[] = [];
  let cursor: string | undefined;
  do {
    const page = await changes.list({ scope: { by: 'all' }, status: 'authorize', limit: 100, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/**
 * One CAB agenda: for the week of `firedAt`, mails each member of `cab` the changes in `authorize` and those planned
 * in the next 7 days. Mail under `cab-agenda:<week>:<member>` in the ledger: once per member and week.
 */
export async function runCabAgenda(
  firedAt: string,
  deps: ChangeMailDeps,
): Promise<{ week: string; members: number; awaiting: number; coming: number }> {
  const window = agendaWindow(firedAt);
  const [members, awaiting, coming] = await Promise.all([
    deps.members.groupMembers(cabGroupId),
    awaitingAuthorisation(deps.changes),
    deps.changes.listInWindow(window.from, window.to, calendarStatuses),
  ]);
  const portal = deps.mail.config.portalUrl.replace(/\/+$/, '');
  const view = agendaView(window, awaiting, coming, {
    changeUrl: (number) => changeUrl(portal, number),
    approvalsUrl: `${portal}/approvals`,
  });
  await deliverChangeMail(
    {
      kind: 'cab-agenda',
      number: `CAB ${window.week}`,
      recordType: 'cab-agenda',
      recordId: window.week,
      sourceId: window.week,
      view: { ...view },
    },
    [...members],
    deps.mail,
    deps.once,
    deps.templates ?? loadChangeTemplates,
  );
  return { week: window.week, members: members.size, awaiting: awaiting.length, coming: coming.length };
}
