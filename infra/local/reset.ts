import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dataDir, stackInfoFile } from './paths';

/** `npm run reset` wipes the local stack's data (tables, signing key). */
if (existsSync(stackInfoFile)) {
  const { pid } = JSON.parse(readFileSync(stackInfoFile, 'utf8')) as { pid: number };
  try {
    process.kill(pid, 0);
    console.error(`The local stack is running (pid ${pid}); stop it with Ctrl-C first.`);
    process.exit(1);
  } catch {
    // not running: the info file is stale
  }
}
rmSync(dataDir, { recursive: true, force: true });
console.log(`Removed ${dataDir}`);
