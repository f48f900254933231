import {
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import type { ApprovalWorkflowInput } from '../../domain/changes/approvals';
import { StepFunctionsWorkflow } from './step-functions-workflow';

/** The approval workflow as the dispatcher drives it: start and stop rounds, complete their task tokens. */
export interface ApprovalWorkflow {
  start(name: string, input: ApprovalWorkflowInput): Promise<void>;
  stop(name: string, cause: string): Promise<void>;
  /** SendTaskSuccess; false when the token no longer waits (timed out, completed, unknown after a restart). */
  succeed(token: string, output: unknown): Promise<boolean>;
  /** SendTaskFailure with `error` (what the ASL's Catch matches); false when the token no longer waits. */
  fail(token: string, error: string, cause: string): Promise<boolean>;
}

/** The error the approval ASL routes to `Reject`. */
export const approvalRejectedError = 'ApprovalRejected';

/** A token that can no longer be completed: a redelivery after success, a timeout, a restart of the local stack. */
function isDeadToken(error: unknown): boolean {
  return error instanceof TaskTimedOut || error instanceof TaskDoesNotExist || error instanceof InvalidToken;
}

export class StepFunctionsApprovalWorkflow implements ApprovalWorkflow {
  private readonly executions: StepFunctionsWorkflow;

  constructor(
    private readonly client: SFNClient,
    stateMachineArn: string,
  ) {
    this.executions = new StepFunctionsWorkflow(client, stateMachineArn);
  }

  start(name: string, input: ApprovalWorkflowInput): Promise<void> {
    return this.executions.start(name, input);
  }

  stop(name: string, cause: string): Promise<void> {
    return this.executions.stop(name, cause);
  }

  async succeed(token: string, output: unknown): Promise<boolean> {
    try {
      await this.client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
      return true;
    } catch (error) {
      if (isDeadToken(error)) return false;
      throw error;
    }
  }

  async fail(token: string, error: string, cause: string): Promise<boolean> {
    try {
      await this.client.send(new SendTaskFailureCommand({ taskToken: token, error, cause: cause.slice(0, 32_768) }));
      return true;
    } catch (failure) {
      if (isDeadToken(failure)) return false;
      throw failure;
    }
  }
}

export interface ApprovalWorkflowEnv {
  readonly CHANGE_APPROVAL_STATE_MACHINE_ARN?: string;
  readonly SFN_ENDPOINT?: string;
  readonly AWS_REGION?: string;
}

/** For the dispatcher's consumers(): undefined when the approval state machine is not configured. */
export function approvalWorkflow(env: ApprovalWorkflowEnv): ApprovalWorkflow | undefined {
  if (!env.CHANGE_APPROVAL_STATE_MACHINE_ARN) return undefined;
  const client = new SFNClient({
    region: env.AWS_REGION,
    ...(env.SFN_ENDPOINT
      ? { endpoint: env.SFN_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  return new StepFunctionsApprovalWorkflow(client, env.CHANGE_APPROVAL_STATE_MACHINE_ARN);
}
