/**
 * The change practice's views as the console reads them (practices `changes`, `approvals`, `calendar`). TEMPORARY:
 * written from the shared contract until the practices' schemas are merged; then each type becomes a `View<'…'>`
 * alias of the generated client and `loose(api)` gives way to the typed `api`.
 */
import type { Api, View } from './client';
import type { operations } from './schema';

export interface PageView<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string | null;
}

export interface ApprovalRequestView {
  readonly approver: { readonly id: string; readonly username: string; readonly name?: string };
  readonly state: 'pending' | 'approved' | 'rejected';
  readonly votedAt?: string;
  readonly reason?: string;
}

export interface ApprovalRoundView {
  readonly round: number;
  readonly path: string;
  readonly policy: { readonly kind: string; readonly approvals?: number };
  readonly state: string;
  readonly timeoutSeconds?: number;
  readonly requests: readonly ApprovalRequestView[];
}

export interface ApprovalsView {
  readonly current?: ApprovalRoundView;
  readonly earlier?: readonly ApprovalRoundView[];
}

export interface MyApprovalView {
  readonly changeId: string;
  readonly number?: string;
  readonly title?: string;
  readonly round: number;
  readonly state: string;
  readonly requestedAt?: string;
}

/** Changes practice (generated). */
export type ChangeView = View<'getChange'>;
export type ChangeEventView = View<'getChangeHistory'>['items'][number];
export type TemplateView = View<'getChangeTemplate'>;
export type RiskQuestionView = View<'listChangeRiskQuestions'>['items'][number];
type Body<Op extends keyof operations> = NonNullable<operations[Op]['requestBody']>['content']['application/json'];
export type ChangePatch = Body<'updateChange'>;
export type NewChange = Body<'createChange'>;
export type TemplateInput = Body<'createChangeTemplate'>;
export type RiskQuestionInput = Body<'createChangeRiskQuestion'>;

/** Calendar practice (generated). */
export type CalendarView = View<'getChangeCalendar'>;
export type FeedView = View<'getCalendarFeed'>;
export type BlackoutView = View<'getBlackoutWindow'>;

interface Init {
  params?: {
    path?: Record<string, string>;
    query?: Record<string, string | number | boolean | undefined>;
    header?: Record<string, string>;
  };
  body?: unknown;
  headers?: Record<string, string>;
  parseAs?: 'json' | 'text' | 'blob';
}
type Call = <T>(path: string, init?: Init) => Promise<{ data?: T; response: Response }>;
export interface LooseApi {
  GET: Call;
  POST: Call;
  PATCH: Call;
  DELETE: Call;
}

/** The client for paths the generated schema does not describe yet (same middleware: token, problems). */
export const loose = (api: Api) => api as unknown as LooseApi;
