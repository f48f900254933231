import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetCalendarSettings } from '../../functions/compose/calendar';
import { setUserSource } from '../../functions/compose/people';
import { dispatchHandler } from '../../functions/dispatch/handler';
import { dispatchReading, isDispatched } from '../../functions/dispatch/stream-filter';
import { approvalWorkflow } from '../../functions/dispatch/workflows/approval-workflow';
import { escalationWorkflow } from '../../functions/dispatch/workflows/step-functions-workflow';
import { resetIntakeConfig } from '../../functions/email/config';
import { setMailS3 } from '../../functions/email/mail-bucket';
import { appClock, clockTime } from '../../functions/shared/clock';
import { resetEnv } from '../../functions/shared/env';
import { changeRepository } from '../../functions/store/change-repository';
import { setDynamo } from '../../functions/store/client';
import { resetNimbus } from '../../functions/store/service';
import { type RunningConsole, startConsoleServer } from './console';
import { ensureTable } from './create-table';
import { seedDemoData } from './demo-data';
import { type DynamoDbLocal, localClient, startDynamoDbLocal } from './dynamodb-local';
import { type RunningGateway, startGateway } from './gateway';
import type { LocalIssuer } from './issuer';
import { dispatchEnv, dispatchPaths, repositoryRoot } from './paths';
import { changesAwaitingApproval, resumeApprovals } from './resume-approvals';
import { resumeEscalations } from './resume-escalations';
import { startLocalS3 } from './s3';
import { type RunningLocalScheduler, startLocalScheduler } from './scheduler-server';
import { seedPeople } from './seed-people';
import { startLocalSmtp } from './smtp';
import { type LocalWorkflows, startLocalWorkflows } from './stepfunctions/local-workflows';
import { type StreamPoller, startStreamPoller } from './stream-poller';
import { localUserSource } from './user-source';

export { repositoryRoot };

export interface LocalStackOptions {
  readonly issuer: LocalIssuer;
  readonly tableName: string;
  /** Use this DynamoDB endpoint instead of starting DynamoDB Local (tests share one server). */
  readonly dynamoEndpoint?: string;
  /** Where DynamoDB Local persists; in memory when absent. */
  readonly dbPath?: string;
  readonly port?: number;
  /** When `port` is taken, serve on any free port instead (npm start's default port). */
  readonly anyPortIfTaken?: boolean;
  /** Seed the demo desk (groups, categories, services, rules, incidents) when the table is new. */
  readonly seedDemo?: boolean;
  /** Where sent mail, domain events and the stream checkpoint go; a new temporary folder when absent. */
  readonly dataDir?: string;
  /** Run the after-commit dispatcher on the table's stream (default true; the bench runs its own). */
  readonly dispatch?: boolean;
  /** The SMTP listener's port: default 2525, any free port when that is taken; 0 for any free port. */
  readonly smtpPort?: number;
  /** Serve the built web console (web/dist, or `distDir`) beside the API; its URL is `consoleUrl`. */
  readonly console?: { readonly distDir?: string; readonly port?: number };
}

export interface LocalStack {
  readonly url: string;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  /** The demo desk was seeded by this start (a new table). */
  readonly seeded: boolean;
  readonly gateway: RunningGateway;
  /** The web console's URL, when the stack serves it (option `console`). */
  readonly consoleUrl?: string;
  /** Where the dispatcher's outbox, events file, checkpoint and stream dead letters live. */
  readonly dataDir: string;
  /**
   * The configuration this stack's dispatcher runs with, beyond the process's inherited environment: the table, the
   * clock, the Step Functions and Scheduler endpoints and ARNs, the mail and events adapters. `npm run dead-letters --
   * redrive-stream` builds its dispatcher from it (recorded in stack.json), so a redriven record meets the same
   * consumers.
   */
  readonly dispatchEnv: Readonly<Record<string, string>>;
  /** Sent mail (`.eml` files) and the domain-event log of this stack's dispatcher. */
  readonly outboxDir: string;
  readonly eventsFile: string;
  readonly streamDeadLetterFile: string;
  /** The after-commit dispatcher reading the table's stream (absent with `dispatch: false`). */
  readonly poller?: StreamPoller;
  /** The local Step Functions runtime running every state machine of workflows.ts. */
  readonly workflows: LocalWorkflows;
  /** The local EventBridge Scheduler running every schedule of schedules.ts on the stack's clock. */
  readonly schedules: RunningLocalScheduler;
  /** E-mail intake: the SMTP listener and the desk address it accepts mail for. */
  readonly smtp: { readonly url: string; readonly port: number; readonly deskAddress: string; idle(): Promise<void> };
  /** The local S3 (s3rver) keeping raw mail and attachments under `<dataDir>/s3`. */
  readonly s3: { readonly endpoint: string; readonly bucket: string };
  /** Settles if the DynamoDB Local this stack started ends (never, when it uses a shared endpoint). */
  readonly dynamoExited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Nimbus's own settings in the environment `npm start` was given (the clock, the desk's mail identity, SES, review
 * delays…): the dispatcher reads them too, so they belong to its recorded configuration. Nothing else of the
 * inherited environment (paths, credentials) is recorded.
 */
function nimbusSettings(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] =>
        /^(NIMBUS|MAIL|SES|PIR|PORTAL|API)_/.test(entry[0]) && typeof entry[1] === 'string',
    ),
  );
}

/** The poller's warnings and errors on the console (its debug and info lines are noise for a developer). */
const pollerLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string, extra?: Record<string, unknown>) => console.warn(`[dispatch] ${message}`, extra ?? ''),
  error: (message: string, extra?: Record<string, unknown>) => console.error(`[dispatch] ${message}`, extra ?? ''),
};

/**
 * The embedded local stack: DynamoDB Local + the table from table.ts + the API gateway from routes.ts,
 * with the real handlers and the real AWS SDK clients pointed at local endpoints by configuration.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dynamo: DynamoDbLocal | undefined = options.dynamoEndpoint
    ? undefined
    : await startDynamoDbLocal({ dbPath: options.dbPath });
  const endpoint = options.dynamoEndpoint ?? (dynamo as DynamoDbLocal).endpoint;
  const started: (() => Promise<void>)[] = [];
  // Every variable this start sets for its handlers, in process.env and here: the dispatcher's configuration.
  const settings: Record<string, string> = {};
  const set = (vars: Readonly<Record<string, string>>) => {
    Object.assign(process.env, vars);
    Object.assign(settings, vars);
  };
  try {
    const admin = localClient(endpoint);
    const table = await ensureTable(admin, options.tableName);
    admin.destroy();

    set({
      TABLE_NAME: options.tableName,
      DYNAMODB_ENDPOINT: endpoint,
      AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      POWERTOOLS_DEV: process.env.POWERTOOLS_DEV ?? 'true',
    });
    // Each start begins the scaled clock (NIMBUS_CLOCK_SCALE) at the real now: stored times never run backwards.
    if (process.env.NIMBUS_CLOCK_SCALE) {
      set({ NIMBUS_CLOCK_SCALE: process.env.NIMBUS_CLOCK_SCALE, NIMBUS_CLOCK_ORIGIN: String(Date.now()) });
    }
    const workflows = await startLocalWorkflows(repositoryRoot);
    started.push(() => workflows.stop());
    set(workflows.env);
    resetEnv();
    setDynamo(undefined);
    resetNimbus();
    // POST /users/sync reads the demo users here, as it reads Cognito on AWS (the handler cannot tell).
    setUserSource(localUserSource());
    await seedPeople();
    const seeded = Boolean(options.seedDemo && table === 'created');
    if (seeded) await seedDemoData();

    const gateway = await startGateway({
      issuer: options.issuer,
      root: repositoryRoot,
      port: options.port,
      anyPortIfTaken: options.anyPortIfTaken,
    });
    started.push(() => gateway.stop());
    let webConsole: RunningConsole | undefined;
    if (options.console) {
      webConsole = await startConsoleServer({
        apiUrl: gateway.url,
        issuer: options.issuer,
        distDir: options.console.distDir,
        port: options.console.port,
        anyPortIfTaken: options.anyPortIfTaken,
      });
      started.push(() => (webConsole as RunningConsole).stop());
    }
    // The change calendar's events link to the console when it runs (as on AWS), else to the API.
    set({ PORTAL_URL: webConsole?.url ?? gateway.url });
    resetCalendarSettings();
    const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'nimbus-')));
    const paths = dispatchPaths(dataDir);
    // E-mail intake: raw mail in the local S3, the SMTP listener in front of the same processStoredMail as on AWS.
    const deskAddress = (process.env.NIMBUS_DESK_ADDRESS ?? 'desk@nimbus.local').split(',')[0]?.trim().toLowerCase();
    set({ NIMBUS_DESK_ADDRESS: process.env.NIMBUS_DESK_ADDRESS ?? (deskAddress as string) });
    const s3 = await startLocalS3({ directory: join(dataDir, 's3'), bucket: process.env.MAIL_BUCKET ?? 'nimbus-mail' });
    started.push(() => s3.stop());
    set({ MAIL_BUCKET: s3.bucket, S3_ENDPOINT: s3.endpoint });
    resetIntakeConfig();
    setMailS3(undefined);
    const smtp = await startLocalSmtp({
      bucket: s3.bucket,
      deskAddresses: [deskAddress as string],
      port: options.smtpPort,
      anyPortIfTaken: true,
      onError: (key, error) =>
        console.error(`[mail] ${key} failed; npm run mail:reprocess -- ${key} retries it:`, error),
    });
    started.push(() => smtp.stop());
    // Schedules (schedules.ts) on the stack's clock; one-time ones kept under the data directory across restarts.
    const schedules = await startLocalScheduler({
      root: repositoryRoot,
      dataDir,
      time: clockTime(),
      region: process.env.AWS_REGION,
    });
    started.push(() => schedules.stop());
    set(schedules.env);
    // The schedule targets run in this process and mail through the same outbox, linking to the same console.
    const mailEnv = dispatchEnv(dataDir, webConsole?.url ?? gateway.url);
    set({ MAIL_OUTBOX_DIR: mailEnv.MAIL_OUTBOX_DIR, PORTAL_URL: mailEnv.PORTAL_URL });
    // The same handler the Lambda runs; only its two outbound adapters point at files here. Replies to the desk's
    // mail go to the SMTP listener's desk address. Mail links open tickets in the console when it runs (as on
    // AWS), else they name the API.
    const dispatcherEnv: Record<string, string> = {
      ...nimbusSettings(process.env),
      ...settings,
      MAIL_REPLY_TO: process.env.MAIL_REPLY_TO ?? (deskAddress as string),
      ...mailEnv,
    };
    const handler = dispatchHandler({ ...process.env, ...dispatcherEnv });
    const poller =
      options.dispatch === false
        ? undefined
        : await startStreamPoller({
            endpoint,
            tableName: options.tableName,
            handler,
            filter: isDispatched,
            checkpointFile: paths.checkpointFile,
            deadLetterFile: paths.streamDeadLetterFile,
            batchSize: dispatchReading.batchSize,
            maxAttempts: dispatchReading.retryAttempts + 1,
            logger: pollerLogger,
          });
    // The local runtime keeps executions in memory: start again the ones the stored SLA items still want.
    const escalations = escalationWorkflow(process.env);
    if (escalations) await resumeEscalations(escalations);
    // The same for approval rounds of changes waiting in authorize (their votes are kept; see decision 0033).
    const approvals = approvalWorkflow(process.env);
    if (approvals)
      await resumeApprovals(approvals, changesAwaitingApproval(changeRepository), () => appClock.now().getTime());
    schedules.scheduler.start();
    return {
      url: gateway.url,
      dataDir,
      dispatchEnv: dispatcherEnv,
      dynamoEndpoint: endpoint,
      tableName: options.tableName,
      seeded,
      gateway,
      ...(webConsole ? { consoleUrl: webConsole.url } : {}),
      outboxDir: paths.outboxDir,
      eventsFile: paths.eventsFile,
      streamDeadLetterFile: paths.streamDeadLetterFile,
      poller,
      workflows,
      schedules,
      smtp: { url: smtp.url, port: smtp.port, deskAddress: deskAddress as string, idle: () => smtp.idle() },
      s3: { endpoint: s3.endpoint, bucket: s3.bucket },
      dynamoExited: dynamo?.exited ?? new Promise(() => undefined),
      async stop() {
        await smtp.stop();
        await webConsole?.stop();
        await gateway.stop();
        await poller?.stop();
        await schedules.stop();
        await workflows.stop();
        await s3.stop();
        await dynamo?.stop();
      },
    };
  } catch (error) {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    await dynamo?.stop();
    throw error;
  }
}
