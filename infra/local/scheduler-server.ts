import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ScaledTime } from '../../functions/domain/shared/clock';
import { scheduleGroupName } from '../../functions/schedules/schedules';
import { LocalScheduler, SchedulerServiceError, type StoredSchedule } from './scheduler';

/** Timestamps in Scheduler's REST JSON protocol are epoch seconds. */
const seconds = (iso: string) => Date.parse(iso) / 1000;

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function describe(scheduler: LocalScheduler, schedule: StoredSchedule) {
  return {
    Arn: scheduler.scheduleArn(schedule.groupName, schedule.name),
    Name: schedule.name,
    GroupName: schedule.groupName,
    ScheduleExpression: schedule.expression,
    ScheduleExpressionTimezone: 'UTC',
    State: 'ENABLED',
    ActionAfterCompletion: schedule.actionAfterCompletion,
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: { Arn: schedule.targetArn, RoleArn: schedule.roleArn, Input: schedule.input },
    ...(schedule.description ? { Description: schedule.description } : {}),
    CreationDate: seconds(schedule.createdAt),
    LastModificationDate: seconds(schedule.createdAt),
  };
}

export interface SchedulerEndpoint {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * The subset of the EventBridge Scheduler API (REST JSON) @aws-sdk/client-scheduler needs for one-time schedules,
 * on 127.0.0.1 (decision 0035): CreateSchedule (`POST /schedules/{Name}`; an existing name is ConflictException),
 * GetSchedule, DeleteSchedule (`?groupName=`), ListSchedules (`?ScheduleGroup=&NamePrefix=`).
 */
export async function serveScheduler(scheduler: LocalScheduler, port = 0): Promise<SchedulerEndpoint> {
  const server: Server = createServer(async (request, response) => {
    const reply = (status: number, body: unknown, errorType?: string) => {
      response.writeHead(status, {
        'content-type': 'application/json',
        ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
        'x-amzn-requestid': crypto.randomUUID(),
      });
      response.end(JSON.stringify(body));
    };
    try {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const match = /^\/schedules(?:\/([^/]+))?$/.exec(url.pathname);
      const name = match?.[1] ? decodeURIComponent(match[1]) : undefined;
      const group = url.searchParams.get('groupName') ?? undefined;
      if (match && name && request.method === 'POST') {
        const body = await readBody(request);
        const target = (body.Target ?? {}) as Record<string, unknown>;
        const created = scheduler.create({
          name,
          groupName: body.GroupName as string | undefined,
          expression: String(body.ScheduleExpression ?? ''),
          timezone: body.ScheduleExpressionTimezone as string | undefined,
          targetArn: String(target.Arn ?? ''),
          roleArn: String(target.RoleArn ?? ''),
          input: target.Input as string | undefined,
          actionAfterCompletion: body.ActionAfterCompletion === 'DELETE' ? 'DELETE' : 'NONE',
          description: body.Description as string | undefined,
        });
        reply(200, { ScheduleArn: scheduler.scheduleArn(created.groupName, created.name) });
      } else if (match && name && request.method === 'GET') {
        reply(200, describe(scheduler, scheduler.get(group, name)));
      } else if (match && name && request.method === 'DELETE') {
        scheduler.delete(group, name);
        reply(200, {});
      } else if (match && !name && request.method === 'GET') {
        const listed = scheduler.list(
          url.searchParams.get('ScheduleGroup') ?? undefined,
          url.searchParams.get('NamePrefix') ?? undefined,
        );
        reply(200, {
          Schedules: listed.map((s) => ({
            Arn: scheduler.scheduleArn(s.groupName, s.name),
            Name: s.name,
            GroupName: s.groupName,
            State: 'ENABLED',
            Target: { Arn: s.targetArn },
            CreationDate: seconds(s.createdAt),
            LastModificationDate: seconds(s.createdAt),
          })),
        });
      } else {
        reply(404, { Message: `Unsupported ${request.method} ${url.pathname}` }, 'ResourceNotFoundException');
      }
    } catch (error) {
      if (error instanceof SchedulerServiceError) reply(error.status, { Message: error.message }, error.name);
      else if (error instanceof SyntaxError) reply(400, { Message: error.message }, 'ValidationException');
      else reply(500, { Message: (error as Error).message }, 'InternalServerException');
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface RunningLocalScheduler {
  readonly url: string;
  readonly scheduler: LocalScheduler;
  /** What the dispatcher reads to create review schedules here (merge into its environment). */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * The local scheduler on its endpoint: one-time schedules kept in `<dataDir>/schedules.json`, failed firings in
 * `<dataDir>/schedule-dead-letters.ndjson`. Call `scheduler.start()` once the targets can run (the table is there).
 */
export async function startLocalScheduler(options: {
  readonly root: string;
  readonly dataDir: string;
  readonly time?: ScaledTime;
  readonly region?: string;
}): Promise<RunningLocalScheduler> {
  const scheduler = new LocalScheduler({
    root: options.root,
    file: join(options.dataDir, 'schedules.json'),
    deadLetterFile: join(options.dataDir, 'schedule-dead-letters.ndjson'),
    time: options.time,
    region: options.region,
    log: { error: (message, extra) => console.error(message, extra ?? '') },
  });
  const endpoint = await serveScheduler(scheduler);
  return {
    url: endpoint.url,
    scheduler,
    env: {
      SCHEDULER_ENDPOINT: endpoint.url,
      PIR_TARGET_ARN: scheduler.targetArn('postImplementationReview'),
      SCHEDULER_ROLE_ARN: scheduler.roleArn(),
      SCHEDULE_GROUP: scheduleGroupName,
    },
    async stop() {
      await endpoint.stop();
      await scheduler.close();
    },
  };
}
