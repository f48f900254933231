import { ensureConsoleBuilt } from '../../infra/local/console-build';

/** Builds the web console once per test run, when web/dist is missing or older than web/src (browser tests serve it). */
export default async function setup() {
  await ensureConsoleBuilt({ quiet: true });
}
