import { describe, expect, it } from 'vitest';
import {
  commentSchema,
  createIncidentSchema,
  listIncidentsSchema,
  updateIncidentSchema,
} from '../../../../functions/domain/incidents/commands';
import { ValidationError } from '../../../../functions/domain/shared/errors';
import { pageQuerySchema } from '../../../../functions/domain/shared/schemas';
import { parseWith } from '../../../../functions/domain/shared/validation';

const paths = (act: () => unknown): string[] => {
  try {
    act();
  } catch (error) {
    if (error instanceof ValidationError) return error.errors.map((e) => e.path);
    throw error;
  }
  return [];
};

describe('createIncidentSchema', () => {
  const valid = { title: 'Mail is down', description: 'Outlook cannot connect.', impact: 1, urgency: 1 };

  it('accepts the four required fields and the optional references', () => {
    expect(paths(() => parseWith(createIncidentSchema, { ...valid, category: 'email', ciId: 'ci-exchange' }))).toEqual(
      [],
    );
  });

  it('refuses levels outside 1..3 and fractional levels', () => {
    expect(paths(() => parseWith(createIncidentSchema, { ...valid, impact: 0, urgency: 1.5 }))).toEqual([
      'impact',
      'urgency',
    ]);
  });

  it('refuses a title over 200 characters and fields a requester may not set', () => {
    const input = { ...valid, title: 'x'.repeat(201), status: 'resolved', assignee: 'bob' };
    expect(paths(() => parseWith(createIncidentSchema, input)).sort()).toEqual(['assignee', 'status', 'title']);
  });
});

describe('updateIncidentSchema', () => {
  it('accepts null for the optional references so they can be cleared', () => {
    const input = { category: null, assignmentGroup: null, assignee: null, ciId: null };
    expect(parseWith(updateIncidentSchema, input)).toEqual(input);
  });

  it('refuses null for a required field and an unknown status', () => {
    expect(paths(() => parseWith(updateIncidentSchema, { title: null, status: 'done' })).sort()).toEqual([
      'status',
      'title',
    ]);
  });

  it('refuses fields the server owns', () => {
    const input = { version: 3, priority: 'P1', number: 'INC0000001', requester: { id: 'x' } };
    expect(paths(() => parseWith(updateIncidentSchema, input)).sort()).toEqual([
      'number',
      'priority',
      'requester',
      'version',
    ]);
  });
});

describe('commentSchema', () => {
  it('makes a comment public unless it says otherwise', () => {
    expect(parseWith(commentSchema, { body: 'Any news?' })).toEqual({ body: 'Any news?', visibility: 'public' });
  });

  it('refuses a blank body and an unknown visibility', () => {
    expect(paths(() => parseWith(commentSchema, { body: ' \n ', visibility: 'secret' }))).toEqual([
      'body',
      'visibility',
    ]);
  });
});

describe('list query schemas', () => {
  it('reads the limit from the query string and defaults it to 25', () => {
    expect(parseWith(listIncidentsSchema, { limit: '10', status: 'open' })).toEqual({ limit: 10, status: 'open' });
    expect(parseWith(pageQuerySchema, {})).toEqual({ limit: 25 });
  });

  it('refuses a limit outside 1..100 or not a whole number', () => {
    for (const limit of ['0', '101', '2.5', 'ten', '']) {
      expect(paths(() => parseWith(pageQuerySchema, { limit }))).toEqual(['limit']);
    }
  });

  it('refuses unknown filters', () => {
    expect(paths(() => parseWith(listIncidentsSchema, { priority: 'P1' }))).toEqual(['priority']);
  });
});
