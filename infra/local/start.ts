import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureConsoleBuilt } from './console-build';
import { persistentIssuer } from './issuer';
import { dataDir, dbPath, issuerKeyFile, runningStack, stackInfoFile, writeStackInfo } from './paths';
import { startLocalStack } from './stack';
import { localUsers } from './users';

const preferredPort = Number(process.env.PORT ?? 4010);

async function main() {
  const running = runningStack();
  if (running) {
    // Two DynamoDB Local processes on one -dbPath would corrupt it.
    console.error(`Nimbus is already running on this data (pid ${running.pid}): ${running.url}`);
    process.exit(1);
  }
  mkdirSync(dbPath, { recursive: true });
  const issuer = await persistentIssuer(issuerKeyFile);
  if (await ensureConsoleBuilt({ quiet: true })) console.log('Built the web console (web/dist)');
  const stack = await startLocalStack({
    issuer,
    tableName: 'nimbus',
    dbPath,
    dataDir,
    port: preferredPort,
    anyPortIfTaken: true,
    seedDemo: true,
    console: { port: Number(process.env.CONSOLE_PORT ?? 4020) },
  });
  writeStackInfo(stackInfoFile, stack);

  console.log(`
Nimbus ITSM — local stack running
  Console      ${stack.consoleUrl}            (open it and pick a demo user)
  API          ${stack.url}            (try: curl ${stack.url}/openapi.json)
  DynamoDB     ${stack.dynamoEndpoint}  (DynamoDB Local; listens on all interfaces of this port)
  Data         ${dataDir}  (survives restarts; npm run reset wipes it)
  SMTP         ${stack.smtp.url}   desk: ${stack.smtp.deskAddress}  (e-mail to ticket: npm run mail:send)
  Outbox       ${stack.outboxDir}  (mail the desk sent, one .eml per message: npm run outbox)
  Events       ${stack.eventsFile}  (domain events, one per line: tail -f it)
  Workflows    ${stack.workflows.runtime
    .stateMachineArns()
    .map((arn) => arn.split(':').at(-1))
    .join(', ')} (local Step Functions on ${stack.workflows.url})${
    process.env.NIMBUS_CLOCK_SCALE
      ? `\n  Clock        ${process.env.NIMBUS_CLOCK_SCALE}× real time from this start (NIMBUS_CLOCK_SCALE)`
      : ''
  }
  Schedules    ${Object.entries(stack.schedules.scheduler.nextCronFirings())
    .map(([id, at]) => `${id} next ${at.slice(0, 16).replace('T', ' ')} UTC`)
    .join(', ')}; one-time reviews in ${join(dataDir, 'schedules.json')}
  Dead letters npm run dead-letters  (consequences that failed every attempt; list and redrive)${
    stack.seeded
      ? `
  Demo desk    seeded now: groups service-desk, network, end-user-computing; categories, services,
               routing rules and INC0001001–INC0001005 (try: curl …/queues/network with carol's token)`
      : ''
  }
  Token        npm run token -- <user>   users: ${localUsers.map((u) => u.username).join(', ')}
               e.g. TOKEN=$(npm run -s token -- alice)
                    curl -H "Authorization: Bearer $TOKEN" ${stack.url}/me
Ctrl-C stops everything.
`);

  let stopping = false;
  const shutdown = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await stack.stop();
    rmSync(stackInfoFile, { force: true });
    process.exit(exitCode);
  };
  stack.dynamoExited.then((code) => {
    if (stopping) return;
    console.error(`DynamoDB Local stopped unexpectedly (exit code ${code}); stopping Nimbus.`);
    void shutdown('DynamoDB Local exit', 1);
  });
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
