import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { workflows } from '../../functions/workflows/workflows';

const dir = join(process.cwd(), 'statemachines');
const files = readdirSync(dir).filter((file) => file.endsWith('.asl.json'));

describe('state machine definitions', () => {
  it.each(files)('%s is valid ASL', (file) => {
    const definition = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const { isValid, errors } = aslValidator(definition);
    expect(errors).toEqual([]);
    expect(isValid).toBe(true);
  });

  it('every ASL file is declared in workflows.ts, and every substitution it uses is a declared task', () => {
    const declared = Object.values(workflows);
    expect(files.map((file) => `statemachines/${file}`).sort()).toEqual(
      declared.map((workflow) => workflow.definitionFile).sort(),
    );
    for (const workflow of declared) {
      const text = readFileSync(join(process.cwd(), workflow.definitionFile), 'utf8');
      const used = [...text.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]);
      expect(new Set(used)).toEqual(new Set(Object.keys(workflow.tasks)));
    }
  });
});
