/** Atomic counters behind human numbers (`INC0001001`): one item per sequence, one UpdateItem per number. */
import type { SequenceName, Sequences } from '../domain/shared/numbers';
import { counterEntity } from './entities/counter.entity';

/** Numbers start above the first thousand, so the first one reads INC0001001. */
const numberOffset = 1000;

/** The counter item of each sequence (the incident counter predates the prefixes: its item keeps its name). */
export const counterNames: Readonly<Record<SequenceName, string>> = {
  INC: 'incident',
  REQ: 'request',
  PRB: 'problem',
  CHG: 'change',
};

/** The next value of `name` and the counter item as it stands after the increment (what else it carries). */
export async function takeNumber(name: SequenceName): Promise<{ value: number; rulesVersion?: number }> {
  const { data } = await counterEntity()
    .update({ name: counterNames[name] })
    .add({ value: 1 })
    .go({ response: 'all_new' });
  if (data.value === undefined) throw new Error('Counter update returned no value');
  return { value: numberOffset + data.value, rulesVersion: data.rulesVersion };
}

export const sequences: Sequences = {
  async next(name) {
    return (await takeNumber(name)).value;
  },
};
