import { rmSync } from 'node:fs';
import { dataDir, runningStack } from './paths';

/** `npm run reset` wipes the local stack's data (tables, signing key). */
const running = runningStack();
if (running) {
  console.error(`The local stack is running (pid ${running.pid}, ${running.url}); stop it with Ctrl-C first.`);
  process.exit(1);
}
rmSync(dataDir, { recursive: true, force: true });
console.log(`Removed ${dataDir}`);
