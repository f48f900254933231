import { createContext, useContext } from 'react';
import type { Api, Me } from './api/client';
import type { ConsoleConfig } from './config';

/** What every screen gets: the runtime config, the API client and who is signed in. */
export interface Session {
  readonly config: ConsoleConfig;
  readonly api: Api;
  readonly me: Me;
  signOut(): void;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

export const isAgent = (me: Me) => me.roles.includes('agent') || me.roles.includes('admin');

/** The change calendar: agents, CAB members, change managers and admins (the API's roles for it). */
export const seesCalendar = (me: Me) =>
  (['agent', 'cab', 'change-manager', 'admin'] as const).some((r) => me.roles.includes(r));

/** Who gets the "My approvals" page: CAB members and change managers (and admins, who may be asked). */
export const isApprover = (me: Me) => (['cab', 'change-manager', 'admin'] as const).some((r) => me.roles.includes(r));
