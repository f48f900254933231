/**
 * The change lifecycle as the console offers it. The table mirrors the server's (functions/domain/changes/change.ts;
 * tests/unit/web/change-workflow.test.ts keeps them equal): the console offers only moves the API accepts, and only
 * to the people who may make them (requesters their own drafts, the implementer the start of the work, change
 * managers and admins everything else). The workflow's own moves (the CAB decision) are never offered.
 */

export const changeStatuses = [
  'draft',
  'assess',
  'authorize',
  'scheduled',
  'implement',
  'review',
  'closed',
  'rejected',
  'cancelled',
  'failed',
] as const;
export type ChangeStatus = (typeof changeStatuses)[number];
export type ChangeKind = 'standard' | 'normal' | 'emergency';

export const changeTransitions: Readonly<Record<ChangeStatus, readonly ChangeStatus[]>> = {
  draft: ['assess', 'scheduled', 'cancelled'],
  assess: ['authorize', 'draft', 'cancelled'],
  authorize: ['scheduled', 'rejected', 'assess', 'cancelled'],
  scheduled: ['implement', 'authorize', 'cancelled'],
  implement: ['review', 'failed'],
  failed: ['review'],
  review: ['closed'],
  rejected: ['draft'],
  closed: [],
  cancelled: [],
};

export const systemOnlyMoves: readonly (readonly [ChangeStatus, ChangeStatus])[] = [
  ['authorize', 'scheduled'],
  ['authorize', 'rejected'],
];

export const riskLevels = ['low', 'medium', 'high', 'very_high'] as const;
export type RiskLevel = (typeof riskLevels)[number];

export const reviewOutcomes = ['successful', 'with_issues', 'failed'] as const;
export type ReviewOutcome = (typeof reviewOutcomes)[number];

/** Who is looking at the change, as far as the moves are concerned. */
export interface Viewer {
  readonly id: string;
  readonly roles: readonly string[];
}

export interface ChangeFacts {
  readonly type: ChangeKind;
  readonly status: ChangeStatus;
  readonly requester: { readonly id: string };
  readonly implementer?: { readonly id: string } | null;
}

export const isChangeManager = (viewer: Viewer) =>
  viewer.roles.includes('change-manager') || viewer.roles.includes('admin');

/** Agents, CAB members, change managers and admins see every change (requesters: theirs). */
export const seesAllChanges = (viewer: Viewer) =>
  ['agent', 'cab', 'change-manager', 'admin'].some((role) => viewer.roles.includes(role));

/**
 * The plain status moves the viewer may make. Moves that need more than a status have their own forms and are not
 * listed: `closed` (the review form closes a change), `failed` (the implementation record with outcome failed).
 * A standard change leaves `draft` for `scheduled` (pre-approved); the others for `assess`.
 */
export function changeMoves(change: ChangeFacts, viewer: Viewer): readonly ChangeStatus[] {
  const byForm: readonly ChangeStatus[] = ['closed', 'failed'];
  const allowed = changeTransitions[change.status].filter(
    (to) =>
      !byForm.includes(to) &&
      !systemOnlyMoves.some(([from, target]) => from === change.status && target === to) &&
      !(change.status === 'draft' && to === 'scheduled' && change.type !== 'standard') &&
      !(change.status === 'draft' && to === 'assess' && change.type === 'standard'),
  );
  if (isChangeManager(viewer)) return allowed;
  const moves: ChangeStatus[] = [];
  if (change.requester.id === viewer.id && change.status === 'draft')
    moves.push(...allowed.filter((to) => to === 'assess' || to === 'scheduled' || to === 'cancelled'));
  // A rejected change goes back to its requester's draft to be reworked.
  if (change.requester.id === viewer.id && change.status === 'rejected') moves.push('draft');
  if (change.implementer?.id === viewer.id && change.status === 'scheduled' && allowed.includes('implement'))
    moves.push('implement');
  return moves;
}

/** Whether the viewer may edit the change's fields (requester: their own draft; change managers: any open change). */
export function mayEditChange(change: ChangeFacts, viewer: Viewer): boolean {
  if (['closed', 'cancelled'].includes(change.status)) return false;
  if (isChangeManager(viewer)) return true;
  return change.requester.id === viewer.id && change.status === 'draft';
}

/** Who records the implementation: the implementer, change managers and admins, while the change is in `implement`. */
export function mayRecordImplementation(change: ChangeFacts, viewer: Viewer): boolean {
  return change.status === 'implement' && (isChangeManager(viewer) || change.implementer?.id === viewer.id);
}

export function mayReview(change: ChangeFacts, viewer: Viewer): boolean {
  return change.status === 'review' && isChangeManager(viewer);
}

/** Risk assessment happens while the change is being prepared or assessed (and before it is authorised again). */
export function mayAssessRisk(change: ChangeFacts, viewer: Viewer): boolean {
  return change.type !== 'standard' && ['draft', 'assess'].includes(change.status) && mayEditChange(change, viewer);
}

const statusNames: Record<ChangeStatus, string> = {
  draft: 'Draft',
  assess: 'Assess',
  authorize: 'Authorize',
  scheduled: 'Scheduled',
  implement: 'Implement',
  review: 'Review',
  closed: 'Closed',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

export function changeStatusLabel(status: string): string {
  return statusNames[status as ChangeStatus] ?? status;
}

/** What a move is called on its button. */
export function moveLabel(to: ChangeStatus): string {
  const labels: Partial<Record<ChangeStatus, string>> = {
    assess: 'Submit for assessment',
    authorize: 'Send to authorisation',
    scheduled: 'Schedule',
    implement: 'Start implementation',
    review: 'Open the review',
    draft: 'Back to draft (rework)',
    cancelled: 'Cancel the change',
  };
  return labels[to] ?? `Move to ${changeStatusLabel(to)}`;
}

export const riskLevelLabel = (level: string) =>
  ({ low: 'Low', medium: 'Medium', high: 'High', very_high: 'Very high' })[level] ?? level;

/** The sum of the chosen answers' weights: what the server computes as the score. */
export function riskScore(
  questions: readonly { id: string; answers: readonly { id: string; weight: number }[] }[],
  chosen: Readonly<Record<string, string>>,
): number {
  let score = 0;
  for (const q of questions) {
    const answer = q.answers.find((a) => a.id === chosen[q.id]);
    if (answer) score += answer.weight;
  }
  return score;
}

/** Score → level, as the server decides it (functions/domain/changes/risk.ts; a unit test keeps them equal). */
export const riskThresholds: readonly { readonly level: RiskLevel; readonly minScore: number }[] = [
  { level: 'very_high', minScore: 16 },
  { level: 'high', minScore: 10 },
  { level: 'medium', minScore: 5 },
  { level: 'low', minScore: 0 },
];

export function riskLevelOf(score: number): RiskLevel {
  return riskThresholds.find((t) => score >= t.minScore)?.level ?? 'low';
}
