/**
 * The change practice's views as the console reads them (practices `changes`, `approvals`, `calendar`). TEMPORARY:
 * written from the shared contract until the practices' schemas are merged; then each type becomes a `View<'…'>`
 * alias of the generated client and `loose(api)` gives way to the typed `api`.
 */
import type { Api, View } from './client';

export interface UserRefView {
  readonly id: string;
  readonly username: string;
  readonly name?: string;
}

export interface AffectedItemView {
  readonly kind: 'service' | 'ci';
  readonly id?: string;
  readonly name: string;
}

export interface BlackoutHitView {
  readonly blackoutId: string;
  readonly name: string;
  readonly start: string;
  readonly end: string;
}

export interface OverlapHitView {
  readonly changeId: string;
  readonly number: string;
  readonly title: string;
  readonly plannedStart: string;
  readonly plannedEnd: string;
  readonly shared: readonly AffectedItemView[];
}

export interface ChangeView {
  readonly id: string;
  readonly number: string;
  readonly title: string;
  readonly description: string;
  readonly type: 'standard' | 'normal' | 'emergency';
  readonly templateId?: string;
  readonly services: readonly AffectedItemView[];
  readonly cis: readonly AffectedItemView[];
  readonly implementationPlan: string;
  readonly backoutPlan: string;
  readonly testPlan: string;
  readonly plannedStart?: string;
  readonly plannedEnd?: string;
  readonly requester: UserRefView;
  readonly implementer?: UserRefView;
  readonly changeManager?: UserRefView;
  readonly risk?: {
    readonly answers: readonly { questionId: string; answerId: string }[];
    readonly score: number;
    readonly level: 'low' | 'medium' | 'high' | 'very_high';
    readonly assessedAt: string;
    readonly assessedBy: UserRefView;
  };
  readonly status:
    | 'draft'
    | 'assess'
    | 'authorize'
    | 'scheduled'
    | 'implement'
    | 'review'
    | 'closed'
    | 'rejected'
    | 'cancelled'
    | 'failed';
  readonly approval?: {
    readonly round: number;
    readonly path: string;
    readonly state: string;
    readonly decidedAt?: string;
    readonly reason?: string;
  };
  readonly conflicts?: {
    readonly blackouts: readonly BlackoutHitView[];
    readonly overlaps: readonly OverlapHitView[];
    readonly checkedAt: string;
  };
  readonly blackoutOverride?: { readonly reason: string; readonly by: UserRefView; readonly at: string };
  readonly implementation?: {
    readonly outcome: 'implemented' | 'failed';
    readonly notes: string;
    readonly completedAt: string;
    readonly by: UserRefView;
    readonly reviewDueAt: string;
  };
  readonly review?: {
    readonly outcome: 'successful' | 'with_issues' | 'failed';
    readonly lessonsLearned: string;
    readonly openedAt?: string;
    readonly reviewedAt?: string;
    readonly reviewedBy?: UserRefView;
  };
  readonly closeReason?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface PageView<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string | null;
}

export interface ChangeEventView {
  readonly id: string;
  readonly action: string;
  readonly actor: UserRefView;
  readonly at: string;
  readonly changes: readonly { readonly field: string; readonly before: unknown; readonly after: unknown }[];
}

export interface TemplateView {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly title: string;
  readonly implementationPlan: string;
  readonly backoutPlan: string;
  readonly testPlan: string;
  readonly services: readonly AffectedItemView[];
  readonly cis: readonly AffectedItemView[];
  readonly defaultDurationMinutes: number;
  readonly active: boolean;
  readonly version?: number;
}

export interface RiskQuestionView {
  readonly id: string;
  readonly text: string;
  readonly order: number;
  readonly answers: readonly { readonly id: string; readonly text: string; readonly weight: number }[];
  readonly active: boolean;
  readonly version?: number;
}

export interface ApprovalRequestView {
  readonly approver: UserRefView;
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
