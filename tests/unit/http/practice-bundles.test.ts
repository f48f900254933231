import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { type Practice, practiceEntry, practices } from '../../../functions/http/routes';

/** The repository's own files esbuild puts into a practice's bundle (npm packages left out: they do not matter here). */
async function appFilesOf(practice: Practice): Promise<string[]> {
  const { metafile } = await build({
    entryPoints: [practiceEntry(practice)],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    write: false,
    outdir: 'out',
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(metafile.inputs).filter((file) => file.startsWith('functions/'));
}

/** Files of the HTTP layer that belong to another practice (every practice's routes.ts is shared metadata). */
const foreignTo = (practice: Practice) => (file: string) => {
  const folder = /^functions\/http\/([^/]+)\//.exec(file)?.[1];
  return folder !== undefined && folder !== 'kernel' && folder !== practice && !file.endsWith('/routes.ts');
};

describe('practice bundles', () => {
  it("never pull in another practice's operations, schemas or examples: the route registry is metadata only", async () => {
    for (const practice of practices) {
      const files = await appFilesOf(practice);
      expect(files, practice).toContain(`functions/http/${practice}/routes.ts`);
      if (practice === 'meta') continue; // the OpenAPI generator describes every practice: see below
      expect(files.filter(foreignTo(practice)), practice).toEqual([]);
      expect(
        files.filter(
          (f) => /^functions\/http\/\w+\/(schemas|examples)\.ts$/.test(f) || f === 'functions/http/openapi.ts',
        ),
        practice,
      ).toEqual([]);
    }
  });

  it("puts the OpenAPI generator and every practice's schemas and examples into meta, and no other practice's operations", async () => {
    const files = await appFilesOf('meta');
    expect(files).toContain('functions/http/openapi.ts');
    for (const practice of practices) {
      expect(files).toContain(`functions/http/${practice}/schemas.ts`);
      expect(files).toContain(`functions/http/${practice}/examples.ts`);
    }
    expect(files.filter((f) => foreignTo('meta')(f) && !/\/(schemas|examples)\.ts$/.test(f))).toEqual([]);
  });
});
