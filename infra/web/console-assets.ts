import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { type ISource, Source } from 'aws-cdk-lib/aws-s3-deployment';

/** The console's sources (web/); its build output (web/dist) is never part of the asset's hash. */
export function consoleSourceDir(repoRoot: string): string {
  return path.join(repoRoot, 'web');
}

/**
 * The built console as a deployment source: CDK runs `vite build` during synth (local bundling, no Docker), keyed
 * by a hash of web/ — the same way NodejsFunction bundles the handlers — so a deploy never ships a stale web/dist.
 */
export function consoleAssets(repoRoot: string): ISource {
  const source = consoleSourceDir(repoRoot);
  if (!existsSync(path.join(source, 'index.html')))
    throw new Error(`The web console's sources are missing: ${source}/index.html`);
  const vitePackage = createRequire(path.join(repoRoot, 'package.json')).resolve('vite/package.json');
  const vite = path.join(path.dirname(vitePackage), 'bin', 'vite.js');
  return Source.asset(source, {
    assetHashType: AssetHashType.SOURCE,
    exclude: ['dist', 'node_modules', '*.log'],
    bundling: {
      // Required by the type; local bundling below always succeeds first, so no container is ever started.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24-slim'),
      local: {
        tryBundle(outputDir) {
          execFileSync(
            process.execPath,
            [vite, 'build', '--outDir', outputDir, '--emptyOutDir', '--logLevel', 'warn'],
            {
              cwd: source,
              stdio: ['ignore', 'inherit', 'inherit'],
            },
          );
          return true;
        },
      },
    },
  });
}
