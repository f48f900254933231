/**
 * The change practice's views and bodies as the console uses them (practices `changes`, `approvals`, `calendar`),
 * named once here from the generated client (schema.d.ts) — never written by hand.
 */
import type { View } from './client';
import type { operations } from './schema';

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

/** Approvals practice (generated). */
export type ApprovalsView = View<'listChangeApprovals'>;
export type ApprovalRoundView = NonNullable<ApprovalsView['current']>;
export type MyApprovalView = View<'listMyApprovals'>['items'][number];

/** Calendar practice (generated). */
export type CalendarView = View<'getChangeCalendar'>;
export type FeedView = View<'getCalendarFeed'>;
export type BlackoutView = View<'getBlackoutWindow'>;
