import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { EscalationWorkflow } from '../../domain/sla/ports';

/** `arn:…:stateMachine:<name>` → `arn:…:execution:<name>:<executionName>`. */
export function executionArn(stateMachineArn: string, executionName: string): string {
  const parts = stateMachineArn.split(':');
  if (parts[5] !== 'stateMachine' || parts.length !== 7) throw new Error(`Not a state machine ARN: ${stateMachineArn}`);
  return [...parts.slice(0, 5), 'execution', parts[6], executionName].join(':');
}

/** The `EscalationWorkflow` port on Step Functions (or the local runtime's compatible endpoint). */
export class StepFunctionsWorkflow implements EscalationWorkflow {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(name: string, input: unknown): Promise<void> {
    try {
      await this.client.send(
        new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input: JSON.stringify(input) }),
      );
    } catch (error) {
      // Same name, running or closed: this generation was started already (redelivery, replay).
      if (error instanceof ExecutionAlreadyExists) return;
      throw error;
    }
  }

  async stop(name: string, cause: string): Promise<void> {
    try {
      await this.client.send(
        new StopExecutionCommand({
          executionArn: executionArn(this.stateMachineArn, name),
          cause: cause.slice(0, 32_768),
        }),
      );
    } catch (error) {
      if (error instanceof ExecutionDoesNotExist) return;
      throw error;
    }
  }
}

export interface WorkflowEnv {
  readonly SLA_ESCALATION_STATE_MACHINE_ARN?: string;
  readonly SFN_ENDPOINT?: string;
  readonly AWS_REGION?: string;
}

/** For the dispatcher's consumers(): undefined when no state machine is configured for this function. */
export function escalationWorkflow(env: WorkflowEnv): EscalationWorkflow | undefined {
  if (!env.SLA_ESCALATION_STATE_MACHINE_ARN) return undefined;
  const client = new SFNClient({
    region: env.AWS_REGION,
    ...(env.SFN_ENDPOINT
      ? { endpoint: env.SFN_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  return new StepFunctionsWorkflow(client, env.SLA_ESCALATION_STATE_MACHINE_ARN);
}
