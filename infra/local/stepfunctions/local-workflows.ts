import { clockTime } from '../../../functions/shared/clock';
import { workflows } from '../../../functions/workflows/workflows';
import { LocalStepFunctions } from './runtime';
import { serveStepFunctions } from './server';

export interface LocalWorkflows {
  readonly url: string;
  readonly runtime: LocalStepFunctions;
  /** What the dispatcher and task handlers read to reach the runtime (merge into process.env). */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/** Every state machine of workflows.ts on a local Step Functions endpoint (port chosen at run time). */
export async function startLocalWorkflows(root: string): Promise<LocalWorkflows> {
  const runtime = new LocalStepFunctions({
    workflows: Object.values(workflows),
    root,
    region: process.env.AWS_REGION,
    time: clockTime(),
  });
  const endpoint = await serveStepFunctions(runtime);
  return {
    url: endpoint.url,
    runtime,
    env: {
      SFN_ENDPOINT: endpoint.url,
      SLA_ESCALATION_STATE_MACHINE_ARN: runtime.stateMachineArn(workflows.slaEscalation.name),
      CHANGE_APPROVAL_STATE_MACHINE_ARN: runtime.stateMachineArn(workflows.changeApproval.name),
    },
    async stop() {
      await runtime.close();
      await endpoint.stop();
    },
  };
}
