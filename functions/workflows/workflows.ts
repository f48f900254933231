/**
 * THE state-machine table (DESIGN §2, §6): every workflow declared once. The CDK stack builds each state machine
 * from its ASL file with `DefinitionBody.fromFile` + substitutions (one Lambda per task entry); the local stack runs
 * the same ASL with aws-local-stepfunctions, the substitutions pointing at the same task handlers in-process.
 */

export interface TaskDeclaration {
  /** The Lambda entry, relative to the repository root; exports `handler`. */
  readonly entry: string;
  /** What the task function may touch in the table (see infra/constructs/table.ts). */
  readonly table: 'read' | 'readwrite';
}

export interface StateMachineDeclaration {
  /** Stable: part of the state machine's name and of execution ARNs. */
  readonly name: string;
  readonly definitionFile: string;
  /** Substitution key (`${EscalationFunctionArn}` in the ASL) → the task function behind it. */
  readonly tasks: Readonly<Record<string, TaskDeclaration>>;
  /**
   * JSONPaths in the execution input of instants the Wait states wait for (`TimestampPath`). Under
   * `NIMBUS_CLOCK_SCALE` the local runtime converts exactly these from the scaled clock into real time.
   */
  readonly waitTimestamps: readonly string[];
  /**
   * JSONPaths in the execution input of durations in seconds a Task waits at most (`TimeoutSecondsPath`). Under
   * `NIMBUS_CLOCK_SCALE` the local runtime divides exactly these by the scale (at least 1 s).
   */
  readonly waitSeconds?: readonly string[];
}

export const workflows = {
  slaEscalation: {
    name: 'sla-escalation',
    definitionFile: 'statemachines/sla-escalation.asl.json',
    tasks: {
      EscalationFunctionArn: { entry: 'functions/workflows/sla-escalation/index.ts', table: 'readwrite' },
    },
    waitTimestamps: ['$.wake.warnAt', '$.wake.breachAt'],
  },
  changeApproval: {
    name: 'change-approval',
    definitionFile: 'statemachines/change-approval.asl.json',
    tasks: {
      ApprovalFunctionArn: { entry: 'functions/workflows/change-approval/index.ts', table: 'readwrite' },
    },
    waitTimestamps: [],
    waitSeconds: ['$.timeoutSeconds', '$.escalationTimeoutSeconds'],
  },
} as const satisfies Record<string, StateMachineDeclaration>;

export type WorkflowId = keyof typeof workflows;
