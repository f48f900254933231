import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, type AppProps, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { stackPropsFromContext } from './context';
import { NimbusStack } from './stacks/nimbus-stack';

export const stackName = 'Nimbus';

/** The Nimbus stack on `app`, configured from CDK context (infra/context.ts: `-c mailFrom=…`, `-c eventBusName=…`). */
export function createStack(app: App): NimbusStack {
  return new NimbusStack(app, stackName, {
    stackName,
    // Environment-agnostic on purpose: no lookups, so one template deploys to whatever account/region the CLI targets.
    ...stackPropsFromContext(app.node),
  });
}

/** The whole CDK app: the stack, checked by cdk-nag AwsSolutions (findings become annotations on synth). */
export function buildApp(props?: AppProps): { app: App; stack: NimbusStack } {
  const app = new App(props);
  const stack = createStack(app);
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return { app, stack };
}

function isMain(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) buildApp().app.synth();
